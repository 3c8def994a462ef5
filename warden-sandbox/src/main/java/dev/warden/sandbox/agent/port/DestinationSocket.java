package dev.warden.sandbox.agent.port;

import dev.warden.sandbox.fleet.HostAndPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.Objects;

/**
 * One TCP connection from the emulated agent to a port session's destination, on the session's event loop, so
 * that the socket and the session never change threads. It reads only while its owner wants bytes
 * ({@link #setReading}): that is how back-pressure from the client reaches the destination.
 */
final class DestinationSocket extends ChannelInboundHandlerAdapter {

    /** What the socket tells its owner; called on the session's event loop. */
    interface Events {
        /** Bytes from the destination; the owner takes ownership. */
        void onBytes(ByteBuf bytes);

        /** {@link #isWritable()} changed. */
        default void onWritabilityChanged(boolean writable) {
        }

        /** The connection is gone: {@code error} is null for an orderly end of stream from the destination. */
        void onClosed(Throwable error);
    }

    /** How long a dial may take; Go's dialer has no limit of its own, the operating system's is minutes. */
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Events events;
    private Channel channel;
    private Throwable failure;
    private boolean closedReported;

    private DestinationSocket(Events events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Connects to {@code target} on {@code loop}. The returned future completes with the socket once connected
     * (reading at once), or fails with the connect error.
     */
    static io.netty.util.concurrent.Future<DestinationSocket> dial(EventLoop loop, HostAndPort target, Events events) {
        DestinationSocket socket = new DestinationSocket(events);
        io.netty.util.concurrent.Promise<DestinationSocket> result = loop.newPromise();
        ChannelFuture connect = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(socket)
                .connect(target.host(), target.port());
        connect.addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                socket.channel = f.channel();
                socket.setReading(true);
                result.setSuccess(socket);
            } else {
                result.setFailure(f.cause());
            }
        });
        return result;
    }

    /** Writes bytes to the destination (takes ownership) and flushes. */
    void write(ByteBuf bytes) {
        if (channel == null || !channel.isActive()) {
            ReferenceCountUtil.release(bytes);
            return;
        }
        channel.writeAndFlush(bytes, channel.voidPromise());
    }

    /** Whether the destination takes writes without queueing more than its high water mark. */
    boolean isWritable() {
        return channel != null && channel.isWritable();
    }

    /** Reads from the destination, or stops reading (the bytes wait in the destination's socket buffers). */
    void setReading(boolean reading) {
        if (channel != null && channel.config().isAutoRead() != reading) {
            channel.config().setAutoRead(reading);
        }
    }

    /** Closes the connection after what was written has been sent. Idempotent. */
    void close() {
        if (channel != null && channel.isOpen()) {
            channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    boolean isOpen() {
        return channel != null && channel.isOpen();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            events.onBytes(bytes);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        events.onWritabilityChanged(ctx.channel().isWritable());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = cause;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closedReported) {
            closedReported = true;
            events.onClosed(failure);
        }
    }
}
