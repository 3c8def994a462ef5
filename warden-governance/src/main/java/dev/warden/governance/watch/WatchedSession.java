package dev.warden.governance.watch;

import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.judge.SessionVerdict;
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

    /**
     * A session as judged: due at its limit, or when it crossed a limit already, or at the expiry of the exemption
     * that spares it.
     */
    static WatchedSession judged(AccountRegion pair, SessionVerdict v, Instant trackedAt) {
        Instant limitAt = v.session().startDate().plus(v.tier().max());
        boolean exempt = v.protectedBy().isPresent();
        Instant dueAt = v.protectedBy().map(e -> e.expires()).orElse(v.limitCrossedAt().orElse(limitAt));
        return new WatchedSession(keyOf(pair, v), v.session().target(), v.session().owner(), v.tier().name(),
                v.owner(), v.session().startDate(), limitAt, dueAt, trackedAt, exempt ? State.EXEMPT : State.WATCHED);
    }

    static SessionKey keyOf(AccountRegion pair, SessionVerdict v) {
        return new SessionKey(pair.accountId(), pair.region(), v.session().sessionId());
    }
}
