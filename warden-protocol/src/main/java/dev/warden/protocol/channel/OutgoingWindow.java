package dev.warden.protocol.channel;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;

/**
 * Every sent message the peer has not acknowledged yet, by sequence number, with the memory bound that turns into
 * back-pressure on the producer.
 *
 * <p>Both official peers bound this buffer by dropping data when it is full (the client the oldest message, the
 * agent the newest, client-protocol.md §4.6, agent-side.md §3.1). This window never drops: it becomes unwritable
 * instead, and the producer waits. Writability has hysteresis, as Netty's channel writability does: the window
 * turns unwritable when it reaches either limit (count or bytes) and writable again only when it has drained to
 * half of both, so a producer is woken for a batch of messages rather than once per acknowledgement.
 *
 * <p>The byte limit is checked before a message is admitted, so the window can exceed it by at most one message;
 * the count limit is never exceeded.
 */
final class OutgoingWindow {

    /** Insertion order is sequence order, because numbers are handed out in increasing order. */
    private final LinkedHashMap<Long, OutgoingMessage> unacknowledged = new LinkedHashMap<>();
    private final int maxMessages;
    private final long maxBytes;
    private long bytes;
    private boolean writable = true;

    OutgoingWindow(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Whether the producer may add a message. */
    boolean isWritable() {
        return writable;
    }

    /** Adds a message; only call while {@link #isWritable()}. */
    void add(OutgoingMessage message) {
        if (!writable) {
            throw new IllegalStateException("the window is full");
        }
        unacknowledged.put(message.sequenceNumber, message);
        bytes += message.length();
        if (unacknowledged.size() >= maxMessages || bytes >= maxBytes) {
            writable = false;
        }
    }

    /** Removes and returns the message with this sequence number, or null if there is none. */
    OutgoingMessage remove(long sequenceNumber) {
        OutgoingMessage message = unacknowledged.remove(sequenceNumber);
        if (message != null) {
            bytes -= message.length();
            if (!writable && unacknowledged.size() <= maxMessages / 2 && bytes <= maxBytes / 2) {
                writable = true;
            }
        }
        return message;
    }

    /** The unacknowledged message with the lowest sequence number, or null. */
    OutgoingMessage oldest() {
        return unacknowledged.isEmpty() ? null : unacknowledged.values().iterator().next();
    }

    /** All unacknowledged messages, lowest sequence number first. */
    Collection<OutgoingMessage> inSequenceOrder() {
        return Collections.unmodifiableCollection(unacknowledged.values());
    }

    int size() {
        return unacknowledged.size();
    }

    long bytes() {
        return bytes;
    }

    void clear() {
        unacknowledged.clear();
        bytes = 0;
    }
}
