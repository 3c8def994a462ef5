package dev.warden.client.port;

import dev.warden.client.SessionEnd;
import dev.warden.client.SessionHandle;
import dev.warden.client.session.SessionChannel;

import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
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

    /**
     * Forwards a TCP connection the caller accepted on its own listener (for example one listener shared by several
     * sessions) exactly as the session's own listener would: it is moved onto the session's event loop and
     * connected to the remote port. The session owns the connection from here on; it is closed if the session has
     * ended.
     */
    public void forward(SocketChannel accepted) {
        NioSocketChannel connection = new NioSocketChannel(accepted);
        connection.config().setAutoRead(false);
        connection.config().setTcpNoDelay(true);
        connection.pipeline().addLast(new TcpLocalEnd(forwarder));
        channel.eventLoop().register(connection).addListener(f -> {
            if (!f.isSuccess() || channel.isEnded()) {
                connection.close();
            }
        });
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
