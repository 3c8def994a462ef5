package dev.warden.governance.watch;

import dev.warden.governance.aws.SessionKey;
import java.time.Instant;
import java.util.Optional;

/**
 * An active session watch has a timer for.
 *
 * @param principal who started it (its owner as DescribeSessions names it)
 * @param ownerTag  its target's owner tag, if any
 * @param limitAt   when it reaches its tier's maximum
 * @param dueAt     when its end timer fires: its limit, or the expiry of the exemption that spares it
 * @param trackedAt when watch first saw it
 */
public record WatchedSession(SessionKey key, String target, String principal, String tier, Optional<String> ownerTag,
                             Instant startDate, Instant limitAt, Instant dueAt, Instant trackedAt, State state) {

    /** Where a session is on its way to its limit. */
    public enum State {
        /** Its timers are set. */
        WATCHED,
        /** Its warning is sent; its end timer is set. */
        WARNED,
        /** An active exemption spares it; its timer fires at the exemption's expiry. */
        EXEMPT,
        /** Being terminated, by its timer or by a pass: nobody else touches it. */
        ENDING
    }

    public WatchedSession withState(State next) {
        return new WatchedSession(key, target, principal, tier, ownerTag, startDate, limitAt, dueAt, trackedAt, next);
    }
}
