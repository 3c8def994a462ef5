package dev.warden.client.transport;

import dev.warden.protocol.channel.FrameTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One open data-channel websocket, as the reliable-channel engine's {@link FrameTransport}: one binary message
 * per ClientMessage, Netty writability as the engine's writability. Inbound messages are read on demand
 * ({@link #setReadDemand}): the channel runs with auto-read off, so a slow consumer stops the socket being read
 * instead of filling memory.
 *
 * <p>Confined to its event loop, like everything that uses it.
 */
public final class WebSocketConnection implements FrameTransport {

    private final Channel channel;
    private final URI url;
    private final int number;
    private final Instant credentialsExpiry;
    private final String signedBy;
    private boolean readDemand = true;
    private boolean closeRequested;

    WebSocketConnection(Channel channel, URI url, int number, Instant credentialsExpiry, String signedBy) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.url = Objects.requireNonNull(url, "url");
        this.number = number;
        this.credentialsExpiry = credentialsExpiry;
        this.signedBy = signedBy;
    }

    /** The URL this connection was dialled with. */
    public URI url() {
        return url;
    }

    /** The connection's number within its session (1 for the first), for logs. */
    public int number() {
        return number;
    }

    /** When the credentials that signed the upgrade expire; empty when unsigned or they have no expiry. */
    public Optional<Instant> credentialsExpiry() {
        return Optional.ofNullable(credentialsExpiry);
    }

    /** The access key id that signed the upgrade; empty when unsigned. */
    public Optional<String> signedBy() {
        return Optional.ofNullable(signedBy);
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public boolean isOpen() {
        return channel.isActive() && !closeRequested;
    }

    @Override
    public void write(byte[] frame) {
        // The engine never modifies a frame after handing it over, so wrapping without a copy is safe.
        channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void flush() {
        channel.flush();
    }

    /** Whether inbound messages are wanted; turning it on resumes reading the socket at once. */
    public void setReadDemand(boolean demand) {
        boolean was = readDemand;
        readDemand = demand;
        if (demand && !was && channel.isActive()) {
            channel.read();
        }
    }

    boolean readDemand() {
        return readDemand;
    }

    /** Whether {@link #close()} was called: the end that follows is orderly. */
    boolean closeRequested() {
        return closeRequested;
    }

    /**
     * Closes the TCP connection without a websocket close frame, as the official client does. The listener
     * still gets {@link ConnectionListener#onClosed} (with a null cause).
     */
    public void close() {
        closeRequested = true;
        channel.close();
    }

    @Override
    public String toString() {
        return "WebSocketConnection[#" + number + " " + DataChannelConnectException.describe(url) + "]";
    }
}
