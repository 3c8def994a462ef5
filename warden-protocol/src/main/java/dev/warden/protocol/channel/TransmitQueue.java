package dev.warden.protocol.channel;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.TreeMap;

/**
 * Decides what to write next and when a written message is due again. Each unacknowledged message is in exactly
 * one of two places:
 *
 * <ul>
 *   <li><em>to write</em>: waiting for its first transmission or for a retransmission; written lowest sequence
 *       number first, so a backlog (after a pause, a resume or a timeout) reaches the peer in order;</li>
 *   <li><em>in flight</em>: written and waiting for an acknowledgement; ordered by the time of its last write, so
 *       the first entry is always the next one to time out. Every message carries its own last-write time, so all
 *       messages whose timeout expired are found at once, not one per timer tick as in the official client.</li>
 * </ul>
 *
 * Both lookups are cheap (a sorted map and an insertion-ordered map keyed by sequence number), which matters
 * because the engine asks after every event.
 */
final class TransmitQueue {

    private final TreeMap<Long, OutgoingMessage> toWrite = new TreeMap<>();
    private final LinkedHashMap<Long, OutgoingMessage> inFlight = new LinkedHashMap<>();

    /** Queues a message for (re)transmission. */
    void schedule(OutgoingMessage message) {
        inFlight.remove(message.sequenceNumber);
        toWrite.put(message.sequenceNumber, message);
    }

    /** The message to write next, or null when nothing is waiting. */
    OutgoingMessage nextToWrite() {
        var first = toWrite.firstEntry();
        return first == null ? null : first.getValue();
    }

    /** Records that {@code message} was just written; it is now the newest message in flight. */
    void written(OutgoingMessage message) {
        toWrite.remove(message.sequenceNumber);
        inFlight.remove(message.sequenceNumber);
        inFlight.put(message.sequenceNumber, message);
    }

    /** Forgets an acknowledged message. */
    void remove(OutgoingMessage message) {
        toWrite.remove(message.sequenceNumber);
        inFlight.remove(message.sequenceNumber);
    }

    /** The in-flight message written longest ago, i.e. the next to time out, or null. */
    OutgoingMessage oldestInFlight() {
        return inFlight.isEmpty() ? null : inFlight.values().iterator().next();
    }

    /**
     * Moves every in-flight message whose last write is at least {@code timeoutNanos} old back to the write queue,
     * and returns how many it moved.
     */
    int scheduleExpired(long nowNanos, long timeoutNanos) {
        int expired = 0;
        Iterator<OutgoingMessage> oldestFirst = inFlight.values().iterator();
        while (oldestFirst.hasNext()) {
            OutgoingMessage message = oldestFirst.next();
            if (nowNanos - message.lastWrittenNanos < timeoutNanos) {
                break; // later entries were written later still
            }
            oldestFirst.remove();
            toWrite.put(message.sequenceNumber, message);
            expired++;
        }
        return expired;
    }

    /** Moves every in-flight message back to the write queue, as a new transport needs them all again. */
    void scheduleAll() {
        for (OutgoingMessage message : inFlight.values()) {
            toWrite.put(message.sequenceNumber, message);
        }
        inFlight.clear();
    }

    boolean hasWritesPending() {
        return !toWrite.isEmpty();
    }

    void clear() {
        toWrite.clear();
        inFlight.clear();
    }
}
