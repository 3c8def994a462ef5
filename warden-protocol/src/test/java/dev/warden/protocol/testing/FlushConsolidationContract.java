package dev.warden.protocol.testing;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data channel's engine flushes after every frame it handles; what reaches the socket must not be one write
 * system call per 1 KiB frame or acknowledgement. Both ends of the data channel (the client's websocket and the
 * sandbox's) put the same kind of handler in front of their socket; each subclass checks its own.
 */
public abstract class FlushConsolidationContract {

    /** The handler the end under test puts next to its socket. */
    protected abstract ChannelHandler flushConsolidation();

    @Test
    void flushesOfOneReadReachTheSocketOnce() {
        FlushCounter socket = new FlushCounter();
        EmbeddedChannel channel = new EmbeddedChannel(socket, flushConsolidation());

        channel.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
        for (int frame = 0; frame < 10; frame++) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) frame}));
        }
        channel.pipeline().fireChannelReadComplete();

        assertThat(socket.flushes).isEqualTo(1);
        assertThat(channel.outboundMessages()).hasSize(10);
    }

    @Test
    void flushesOfTasksQueuedOnTheLoopReachTheSocketOnce() {
        FlushCounter socket = new FlushCounter();
        EmbeddedChannel channel = new EmbeddedChannel(socket, flushConsolidation());

        for (int frame = 0; frame < 10; frame++) {
            byte[] bytes = {(byte) frame};
            channel.eventLoop().execute(() -> channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)));
        }
        channel.runPendingTasks();

        assertThat(socket.flushes).isEqualTo(1);
        assertThat(channel.outboundMessages()).hasSize(10);
    }

    /** Next to the socket: counts the flushes that would each be a write system call. */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        int flushes;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }
}
