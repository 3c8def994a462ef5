package dev.warden.protocol.channel;

import dev.warden.protocol.frame.ClientMessage;

import java.util.TreeMap;

/**
 * Received stream messages that arrived ahead of the one expected next. They were acknowledged on arrival (as
 * both official peers do), so the peer has forgotten them: this buffer is their only copy until they are
 * delivered, and nothing leaves it except by delivery.
 *
 * <p>It is bounded: it holds at most {@code maxMessages} messages and {@code maxBytes} of payload, and only takes
 * sequence numbers at most {@code maxMessages} ahead of the expected one, so a peer cannot fill it with far-future
 * numbers that would keep nearer ones out. A message it cannot take is dropped unacknowledged and the peer retransmits
 * it later.
 */
final class ReorderBuffer {

    private final TreeMap<Long, ClientMessage> bySequence = new TreeMap<>();
    private final int maxMessages;
    private final long maxBytes;
    private long bytes;

    ReorderBuffer(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    boolean contains(long sequenceNumber) {
        return bySequence.containsKey(sequenceNumber);
    }

    /**
     * Stores a message numbered above {@code expected} if there is room, and says whether it did. A number already
     * held is not stored twice.
     */
    boolean store(long expected, ClientMessage message) {
        if (bySequence.containsKey(message.sequenceNumber())) {
            return true;
        }
        long ahead = message.sequenceNumber() - expected;
        // The count check is not implied by the range check: the expected message itself may be buffered too,
        // when the listener refused it as it came out of this buffer.
        if (ahead <= 0 || ahead > maxMessages || bySequence.size() >= maxMessages
                || bytes + message.payload().length > maxBytes) {
            return false;
        }
        bySequence.put(message.sequenceNumber(), message);
        bytes += message.payload().length;
        return true;
    }

    /** The buffered message with this number, or null. */
    ClientMessage get(long sequenceNumber) {
        return bySequence.get(sequenceNumber);
    }

    /** Removes the message with this number, if buffered. */
    void remove(long sequenceNumber) {
        ClientMessage removed = bySequence.remove(sequenceNumber);
        if (removed != null) {
            bytes -= removed.payload().length;
        }
    }

    int size() {
        return bySequence.size();
    }

    long bytes() {
        return bytes;
    }

    void clear() {
        bySequence.clear();
        bytes = 0;
    }
}
