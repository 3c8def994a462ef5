package dev.warden.protocol.channel;

/**
 * Where a {@link ReliableChannel} writes encoded frames: one call, one websocket binary message. Implementations
 * adapt a Netty channel (or, in tests, a simulated link). All methods are called on the channel's thread.
 */
public interface FrameTransport {

    /**
     * Writes one encoded ClientMessage. The array is never modified afterwards (retransmissions write the same
     * array again), so it may be wrapped without copying, e.g. with {@code Unpooled.wrappedBuffer}. A write that
     * fails later needs no report to the channel: the message stays buffered until acknowledged, and a broken
     * connection is handled by {@link ReliableChannel#detach()} and a new {@link ReliableChannel#attach}.
     */
    void write(byte[] frame);

    /**
     * Whether the transport takes more stream frames now, like Netty's {@code Channel.isWritable()}. While it is
     * false the channel holds frames back (acknowledgements still go out: they are small and the peer waits for
     * them); call {@link ReliableChannel#onTransportWritable()} when it turns true again.
     */
    default boolean isWritable() {
        return true;
    }

    /** Flushes what was written; called once at the end of each engine event that wrote something. */
    default void flush() {
    }
}
