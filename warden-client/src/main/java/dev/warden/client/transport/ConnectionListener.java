package dev.warden.client.transport;

import io.netty.buffer.ByteBuf;

/**
 * Events of one open {@link WebSocketConnection}, called on the connection's event loop. Listeners compare the
 * connection with their current one: after a resume, a retired connection may still report.
 */
public interface ConnectionListener {

    /** One binary websocket message (one ClientMessage). The buffer is released after the call returns. */
    void onBinaryMessage(WebSocketConnection connection, ByteBuf message);

    /** {@link WebSocketConnection#isWritable()} changed. */
    void onWritabilityChanged(WebSocketConnection connection);

    /**
     * The connection ended: closed by either side, reset, or failed. {@code cause} is null for an orderly close
     * (including one this side asked for).
     */
    void onClosed(WebSocketConnection connection, Throwable cause);
}
