package dev.warden.client.port;

import dev.warden.client.SessionEnd;
import dev.warden.client.SessionHandle;
import dev.warden.client.session.SessionChannel;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running port session (AWS-StartPortForwardingSession, AWS-StartPortForwardingSessionToRemoteHost,
 * AWS-StartSSHSession, or any Port document). Local TCP connections arrive through the listener, if one was
 * asked for ({@link #localAddress()}); Java code opens streams with {@link #openStream()}. Thread-safe.
 */
public final class PortSession implements SessionHandle {

    private final SessionChannel channel;
    private final PortForwarder forwarder;
    private final PortListener listener;

    PortSession(SessionChannel channel, PortForwarder forwarder, PortListener listener) {
        this.channel = channel;
        this.forwarder = forwarder;
        this.listener = listener;
        channel.completion().thenRun(() -> {
            if (listener != null) {
                listener.close();
            }
        });
    }

    @Override
    public String sessionId() {
        return channel.sessionId();
    }

    @Override
    public String agentVersion() {
        return channel.agentVersion();
    }

    /** How the session carries its data, as the document and the agent's version decided. */
    public PortMode mode() {
        return forwarder.mode();
    }

    /** The loopback address local connections are accepted on; empty without a listener. */
    public Optional<InetSocketAddress> localAddress() {
        return Optional.ofNullable(listener).map(PortListener::address);
    }

    /**
     * Opens a stream to the remote port for Java code. In {@link PortMode#BYTE_STREAM} mode the session has exactly
     * one stream (a second one is at end-of-stream at once) and the session closes when it ends; in
     * {@link PortMode#BASIC} mode streams take turns with local connections; in {@link PortMode#MULTIPLEXED} mode
     * each stream is a new smux stream, i.e. a new connection to the destination.
     */
    public PortStream openStream() {
        PortStream stream = new PortStream(channel.eventLoop(), channel.options().chunkSize(),
                channel.options().localBufferBytes());
        channel.eventLoop().execute(() -> forwarder.connect(stream.localEnd()));
        return stream;
    }

    @Override
    public CompletableFuture<SessionEnd> completion() {
        return channel.completion();
    }

    @Override
    public void close() {
        channel.eventLoop().execute(channel::closeGracefully);
    }

    @Override
    public CompletableFuture<Void> terminate() {
        return channel.terminate();
    }

    @Override
    public String toString() {
        return "PortSession[" + sessionId() + ", " + mode() + localAddress().map(a -> ", " + a).orElse("") + "]";
    }
}
