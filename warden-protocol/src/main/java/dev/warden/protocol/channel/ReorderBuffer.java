package dev.warden.protocol.channel;

import dev.warden.protocol.frame.ClientMessage;

import java.util.TreeMap;

/**
 * Received stream messages that arrived ahead of the one expected next. They were acknowledged on arrival (as
 * both official peers do), so the peer has forgotten them: this buffer is their only copy until they are
 * delivered, and nothing leaves it except by delivery.
 *
 * <p>It is bounded twice: it only takes sequence numbers less than {@code maxMessages} ahead of the expected one
 * (so it never holds more than that many, and a peer cannot fill it with far-future numbers), and it holds at
 * most {@code maxBytes} of payload. A message it cannot take is dropped unacknowledged and the peer retransmits
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
        long ahead = message.sequenceNumber() - expected;
        if (ahead <= 0 || ahead > maxMessages || bytes + message.payload().length > maxBytes) {
            return false;
        }
        if (bySequence.putIfAbsent(message.sequenceNumber(), message) == null) {
            bytes += message.payload().length;
        }
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
