package dev.warden.client.port;

import dev.warden.client.io.CallerInbound;
import dev.warden.client.io.CallerOutbound;
import dev.warden.client.io.CallerStreams;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One forwarded stream used directly by Java code (for example standard input and output for an SSH
 * ProxyCommand): {@link #input()} yields what the remote side sends, {@link #output()} sends to it. Both are
 * blocking streams with bounded buffers, so a slow reader holds back the remote sender and a fast writer is held
 * back by the data channel. Closing the output ends the stream towards the remote side once everything written
 * is sent; {@link #close()} ends both directions.
 */
public final class PortStream implements AutoCloseable {

    private final EventLoop loop;
    private final int chunkSize;
    private final CallerInbound inbound;
    private final CallerOutbound outbound;
    private final InputStream input;
    private final OutputStream output;
    private final End end = new End();
    private RemoteEnd remote;
    private boolean remoteClosedByUs;

    PortStream(EventLoop loop, int chunkSize, int bufferBytes) {
        this.loop = loop;
        this.chunkSize = chunkSize;
        this.inbound = new CallerInbound(bufferBytes, () -> loop.execute(this::resumeDelivery));
        this.outbound = new CallerOutbound(bufferBytes, () -> loop.execute(this::drainOutbound));
        this.input = CallerStreams.input(inbound, inbound::discard);
        this.output = CallerStreams.output(outbound, outbound::close);
    }

    /** What the remote side sends; end-of-stream when it closes the stream or the session ends. */
    public InputStream input() {
        return input;
    }

    /** Towards the remote side; closing it ends the stream in that direction once the bytes are sent. */
    public OutputStream output() {
        return output;
    }

    /** Ends the stream both ways. */
    @Override
    public void close() {
        outbound.close();
        inbound.discard();
    }

    LocalEnd localEnd() {
        return end;
    }

    private void resumeDelivery() {
        if (remote != null) {
            remote.resumeDelivery();
        }
    }

    /** Event loop: moves what the caller wrote to the remote side while it takes writes. */
    private void drainOutbound() {
        if (remote == null || remoteClosedByUs) {
            return;
        }
        boolean wrote = false;
        while (remote.isWritable()) {
            byte[] piece = outbound.next(chunkSize * 16, true);
            if (piece == null) {
                break;
            }
            remote.write(Unpooled.wrappedBuffer(piece));
            wrote = true;
        }
        if (wrote) {
            remote.flush();
        }
        if (outbound.isClosedAndDrained()) {
            remoteClosedByUs = true;
            remote.close();
        }
    }

    /** The session's side of this stream, on the event loop. */
    private final class End implements LocalEnd {
        @Override
        public void bind(RemoteEnd bound) {
            remote = bound;
            drainOutbound();
        }

        @Override
        public void onRemoteData(ByteBuf data) {
            try {
                byte[] copy = new byte[data.readableBytes()];
                data.readBytes(copy);
                inbound.offer(copy);
            } finally {
                data.release();
            }
        }

        @Override
        public boolean wantsMoreData() {
            return inbound.wantsMore();
        }

        @Override
        public void onRemoteWritable() {
            drainOutbound();
        }

        @Override
        public void onRemoteClosed() {
            inbound.finish();
            outbound.fail(new IOException("the remote side closed the stream"));
        }
    }
}
