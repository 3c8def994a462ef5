package dev.warden.protocol.smux;

import java.util.function.IntPredicate;

/**
 * Hands out the ids of locally opened streams the way smux does: the client counts 3, 5, 7, … (a counter
 * that starts at 1 and grows by 2 before use, so id 1 is never used), the server 2, 4, 6, …. When the
 * unsigned 32-bit space is used up the session can open no more streams (smux's ErrGoAway).
 */
final class StreamIdAllocator {

    private static final long MAX_ID = 0xFFFF_FFFFL;

    private long last;

    StreamIdAllocator(SmuxSession.Role role) {
        this(role == SmuxSession.Role.CLIENT ? 1 : 0);
    }

    /** Continues after {@code last}, an id already used; for tests of the end of the id space. */
    StreamIdAllocator(long last) {
        this.last = last;
    }

    /**
     * The next id that {@code inUse} does not reject. smux accepts a SYN of either parity, so a peer may
     * already hold an id of ours; skipping it keeps two streams from sharing an id.
     *
     * @throws IllegalStateException when the id space is exhausted
     */
    int next(IntPredicate inUse) {
        do {
            last += 2;
            if (last > MAX_ID) {
                last = MAX_ID + 1;
                throw new IllegalStateException("smux stream ids are exhausted; open a new session");
            }
        } while (inUse.test((int) last));
        return (int) last;
    }
}
