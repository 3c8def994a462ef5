package dev.warden.protocol.channel;

/**
 * One numbered stream message this end sent (or will send), held until the peer acknowledges it. The frame is
 * encoded once, so every retransmission repeats the same bytes: same MessageId, CreatedDate and sequence number,
 * as both official peers do.
 */
final class OutgoingMessage {

    final long sequenceNumber;
    /** The encoded frame; never modified, so transports may hand it on without copying. */
    final byte[] frame;
    /** When the producer handed the message over; the give-up timeout counts from here. */
    final long queuedAtNanos;

    /** When it was last written to a transport; meaningless while {@link #transmissions} is 0. */
    long lastWrittenNanos;
    /** How often it was written; more than one means it was retransmitted (Karn's rule). */
    int transmissions;

    OutgoingMessage(long sequenceNumber, byte[] frame, long queuedAtNanos) {
        this.sequenceNumber = sequenceNumber;
        this.frame = frame;
        this.queuedAtNanos = queuedAtNanos;
    }

    int length() {
        return frame.length;
    }

    void recordWrite(long nowNanos) {
        lastWrittenNanos = nowNanos;
        transmissions++;
    }
}
