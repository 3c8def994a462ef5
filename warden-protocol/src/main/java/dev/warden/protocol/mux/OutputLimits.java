package dev.warden.protocol.mux;

/**
 * How a {@link ByteStreamOverChannel} cuts its outbound byte stream into Output messages, and how many bytes it
 * holds back itself while the channel's window is full.
 *
 * @param maxPayloadSize  the largest Output payload sent: full chunks are sent as soon as they are complete, a
 *                        shorter remainder on {@link ByteStreamOverChannel#flush()}. The official peers read and
 *                        send at most {@value #DEFAULT_MAX_PAYLOAD_SIZE} bytes per message (client-protocol.md
 *                        §4.7); larger payloads mean fewer frames, headers and acknowledgements, and every peer
 *                        handles them, but the receiving end must be able to take them in one piece (see
 *                        {@link SmuxOverChannel} on smux's {@code maxBufferedInput}).
 * @param maxPendingBytes the stream reports itself not writable once it holds this many bytes the channel has
 *                        not taken yet; at least {@code maxPayloadSize}, so that a stream that is not writable
 *                        always has a full chunk to offer the channel
 */
public record OutputLimits(int maxPayloadSize, int maxPendingBytes) {

    /** The payload size of the official client and agent ({@code StreamDataPayloadSize}). */
    public static final int DEFAULT_MAX_PAYLOAD_SIZE = 1024;
    /** 64 chunks of the default size: about as much as the official peers send in 64 ms. */
    public static final int DEFAULT_MAX_PENDING_BYTES = 64 * 1024;
    /** The largest accepted payload size; far beyond what any peer sends, small against the channel's windows. */
    public static final int MAX_PAYLOAD_SIZE = 1024 * 1024;

    public OutputLimits {
        if (maxPayloadSize < 1 || maxPayloadSize > MAX_PAYLOAD_SIZE) {
            throw new IllegalArgumentException("maxPayloadSize must be 1.." + MAX_PAYLOAD_SIZE + ": " + maxPayloadSize);
        }
        if (maxPendingBytes < maxPayloadSize) {
            throw new IllegalArgumentException("maxPendingBytes (" + maxPendingBytes
                    + ") must not be smaller than maxPayloadSize (" + maxPayloadSize + ")");
        }
    }

    /** 1024-byte payloads, 64 KiB held back. */
    public static OutputLimits defaults() {
        return new OutputLimits(DEFAULT_MAX_PAYLOAD_SIZE, DEFAULT_MAX_PENDING_BYTES);
    }

    /** Payloads of up to {@code maxPayloadSize} bytes, with the default pending bound or one chunk if larger. */
    public static OutputLimits ofPayloadSize(int maxPayloadSize) {
        return new OutputLimits(maxPayloadSize, Math.max(DEFAULT_MAX_PENDING_BYTES, maxPayloadSize));
    }
}
