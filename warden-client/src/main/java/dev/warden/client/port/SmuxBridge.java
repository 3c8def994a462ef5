package dev.warden.client.port;

import dev.warden.protocol.smux.SmuxStream;
import dev.warden.protocol.smux.SmuxStreamListener;
import io.netty.buffer.ByteBuf;

/**
 * Joins one smux stream to its local end, with back-pressure both ways: the stream is read only while the local
 * end wants data (unread data holds back the whole smux session, which stops reading the websocket), and the
 * local end reads only while the stream is writable.
 */
final class SmuxBridge implements RemoteEnd, SmuxStreamListener {

    private final SmuxStream stream;
    private final LocalEnd local;
    private boolean remoteEnded;

    SmuxBridge(SmuxStream stream, LocalEnd local) {
        this.stream = stream;
        this.local = local;
    }

    // ----- RemoteEnd (called by the local end)

    @Override
    public void write(ByteBuf data) {
        stream.write(data); // releases the data itself when the stream no longer takes any
    }

    @Override
    public void flush() {
        // the smux session flushes its transport at the end of every call
    }

    @Override
    public boolean isWritable() {
        return stream.isWritable();
    }

    @Override
    public void close() {
        stream.close();
    }

    @Override
    public void resumeDelivery() {
        deliver();
    }

    // ----- SmuxStreamListener (called by the smux session)

    @Override
    public void onReadable(SmuxStream s) {
        deliver();
    }

    @Override
    public void onFinReceived(SmuxStream s) {
        deliver();
    }

    @Override
    public void onWritabilityChanged(SmuxStream s) {
        if (s.isWritable()) {
            local.onRemoteWritable();
        }
    }

    @Override
    public void onClosed(SmuxStream s) {
        remoteEnded();
    }

    private void deliver() {
        while (stream.readableBytes() > 0 && local.wantsMoreData()) {
            local.onRemoteData(stream.read());
        }
        if (stream.isEndOfInput()) {
            stream.close(); // answers the peer's FIN
            remoteEnded();
        }
    }

    private void remoteEnded() {
        if (!remoteEnded) {
            remoteEnded = true;
            // Also after the local side closed first: a half-closed local end still waits for the remote end
            // (a caller's stream reads until end-of-stream).
            local.onRemoteClosed();
        }
    }
}
