package dev.warden.protocol.smux;

import java.time.Duration;

/**
 * The two clocks of smux keep-alive, driven by explicit time so that tests control it. As in the library,
 * both tick on fixed periods from the session's start (not from the last traffic): a NOP every interval,
 * and every timeout period a check whether anything arrived since the previous check. A silent peer is
 * therefore noticed between one and two timeout periods after its last byte. Missed ticks collapse into
 * one, as with a Go ticker. Times are {@link System#nanoTime()}-style values compared by difference, so
 * they may wrap.
 */
final class KeepAliveTimer {

    private final long intervalNanos;
    private final long timeoutNanos;
    private long nextPing;
    private long nextCheck;
    private boolean receivedSinceCheck;

    KeepAliveTimer(Duration interval, Duration timeout, long startNanos) {
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
        this.nextPing = startNanos + intervalNanos;
        this.nextCheck = startNanos + timeoutNanos;
    }

    void markReceived() {
        receivedSinceCheck = true;
    }

    /** Whether a NOP is due at {@code now}; if so the next one is scheduled. */
    boolean pingDue(long now) {
        if (now - nextPing < 0) {
            return false;
        }
        nextPing = following(nextPing, intervalNanos, now);
        return true;
    }

    /** Whether a liveness check is due at {@code now}; if so the next one is scheduled. */
    boolean checkDue(long now) {
        if (now - nextCheck < 0) {
            return false;
        }
        nextCheck = following(nextCheck, timeoutNanos, now);
        return true;
    }

    /** Whether anything arrived since the previous check; clears the mark. */
    boolean takeReceived() {
        boolean received = receivedSinceCheck;
        receivedSinceCheck = false;
        return received;
    }

    long nextDeadline() {
        return nextPing - nextCheck < 0 ? nextPing : nextCheck;
    }

    /** The first tick of the period after {@code now}. */
    private static long following(long due, long period, long now) {
        long missed = (now - due) / period;
        return due + (missed + 1) * period;
    }
}
