package dev.warden.sandbox.agent.port;

import dev.warden.protocol.smux.SmuxStream;
import dev.warden.protocol.smux.SmuxStreamListener;
import dev.warden.sandbox.agent.PluginContext;
import io.netty.buffer.ByteBuf;

/**
 * One smux stream of a multiplexed port session joined to its own destination connection: bytes are copied both
 * ways, each side reading only while the other takes writes, and when either side ends both are closed (the
 * agent's copy loop). Data the client sends before the dial completes waits in the stream's receive buffer.
 */
final class StreamToDestination implements SmuxStreamListener, DestinationSocket.Events {

    private final SmuxStream stream;
    private final PluginContext context;
    private final Runnable onGone;
    private DestinationSocket socket;
    private boolean closed;

    StreamToDestination(SmuxStream stream, PluginContext context, Runnable onGone) {
        this.stream = stream;
        this.context = context;
        this.onGone = onGone;
        stream.listener(this);
    }

    SmuxStream stream() {
        return stream;
    }

    /** Dials {@code destination}; {@code onFailure} runs (on the loop) when it cannot be reached. */
    void dial(Destination destination, Runnable onFailure) {
        DestinationSocket.dial(context.eventLoop(), destination.mapped().orElseThrow(), this).addListener(f -> {
            if (!f.isSuccess()) {
                if (!closed) {
                    onFailure.run();
                }
                return;
            }
            DestinationSocket connected = (DestinationSocket) f.getNow();
            if (closed) {
                connected.close();
                return;
            }
            socket = connected;
            pump();
        });
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (socket != null) {
            socket.close();
        }
        stream.close();
        context.channelUsed();
        onGone.run();
    }

    /** Moves what the client sent to the destination while it takes writes; closes after the client's FIN. */
    private void pump() {
        if (socket == null || closed) {
            return;
        }
        while (stream.readableBytes() > 0 && socket.isWritable()) {
            socket.write(stream.read());
        }
        if (stream.isEndOfInput()) {
            close();
        }
        context.channelUsed();
    }

    // ----- stream events

    @Override
    public void onReadable(SmuxStream s) {
        pump();
    }

    @Override
    public void onFinReceived(SmuxStream s) {
        pump();
    }

    @Override
    public void onWritabilityChanged(SmuxStream s) {
        if (socket != null && !closed) {
            socket.setReading(s.isWritable());
        }
    }

    @Override
    public void onClosed(SmuxStream s) {
        close();
    }

    // ----- destination events

    @Override
    public void onBytes(ByteBuf bytes) {
        if (closed) {
            bytes.release();
            return;
        }
        stream.write(bytes);
        if (!stream.isWritable()) {
            socket.setReading(false);
        }
        context.channelUsed();
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        if (writable) {
            pump();
        }
    }

    @Override
    public void onClosed(Throwable error) {
        close();
    }
}
