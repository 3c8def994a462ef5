package dev.warden.governance.watch;

import dev.warden.governance.Governance;
import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.lease.EffectClaims;
import dev.warden.governance.lease.EffectKeys;
import dev.warden.governance.policy.AccountScope;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.trail.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each watched session's way to its limit: sets its timers (a warning ahead of the limit, the end at it, an idle
 * check) and decides, when one fires, whether to warn, to end the session, or to look again later. The pass, the
 * events and a replica's take-over all hand sessions here, so that there is one way to warn, terminate, record and
 * alert, and the session's state (in {@link WatchedSessions}) keeps each of them from happening twice.
 */
final class SessionDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(SessionDeadlines.class);
    private static final Set<WatchedSession.State> NOT_ENDING =
            EnumSet.of(WatchedSession.State.WATCHED, WatchedSession.State.WARNED, WatchedSession.State.EXEMPT);
    /** An exempt session is not ended for idleness before its exemption's expiry: no idle check. */
    private static final Set<WatchedSession.State> IDLE_CHECKED =
            EnumSet.of(WatchedSession.State.WATCHED, WatchedSession.State.WARNED);

    private final Governance governance;
    private final Policy policy;
    private final Clock clock;
    private final WatchListener listener;
    /** A session as it is now, judged, when its end timer or idle check fires. */
    private final SessionLookup lookup;
    private final WatchedSessions active;
    private final SessionTimers timers;
    private final LiveViewWrites liveView;
    private final WatchAlerts alerts;
    /** Without leases: the warnings sent, so that a restart does not send them again. */
    private final SentWarnings sentWarnings;
    /** With leases: only the pairs this replica holds, and each warning and termination claimed once. */
    private final Optional<PairLeases> leases;

    SessionDeadlines(Governance governance, Policy policy, Clock clock, WatchListener listener, SessionLookup lookup,
                     WatchedSessions active, SessionTimers timers, LiveViewWrites liveView, WatchAlerts alerts,
                     SentWarnings sentWarnings, Optional<PairLeases> leases) {
        this.governance = governance;
        this.policy = policy;
        this.clock = clock;
        this.listener = listener;
        this.lookup = lookup;
        this.active = active;
        this.timers = timers;
        this.liveView = liveView;
        this.alerts = alerts;
        this.sentWarnings = sentWarnings;
        this.leases = leases;
    }

    /** Sets the timers of a judged session not tracked yet (of a pair this process holds). */
    void track(AccountRegion pair, SessionVerdict v) {
        if (PairLeases.holds(leases, pair)) {
            watch(WatchedSession.judged(pair, v, clock.instant()));
        }
    }

    /** Sets the timers of a session not tracked yet. */
    void watch(WatchedSession session) {
        if (active.track(session)) {
            schedule(session);
        }
    }

    /** A violator a replica's pass found: its end timer fires now (unless it is being ended already). */
    void endNow(AccountRegion pair, SessionVerdict v, Instant seenAt) {
        WatchedSession next = WatchedSession.judged(pair, v, seenAt);
        if (active.track(next) || active.replace(next.key(), NOT_ENDING, next)) {
            timers.at(next.key(), SessionTimers.Kind.END, clock.instant(), () -> due(next.key()));
        }
    }

    /**
     * Claims a violator for a pass to terminate: its timers are cancelled. False when a timer is ending it
     * already, which the pass then leaves alone.
     */
    boolean claimEnding(AccountRegion pair, SessionVerdict v, Instant seenAt) {
        WatchedSession ending = WatchedSession.judged(pair, v, seenAt);
        boolean mine = active.claimEnding(ending);
        if (mine) {
            timers.cancel(ending.key());
        }
        return mine;
    }

    /** Cancels a session's timers and stops tracking it (it ended, or is not this process's any more). */
    void forget(SessionKey key) {
        timers.cancel(key);
        active.remove(key);
    }

    private void schedule(WatchedSession session) {
        if (session.state() == WatchedSession.State.WATCHED && !policy.warningLead().isZero()) {
            timers.at(session.key(), SessionTimers.Kind.WARN, session.limitAt().minus(policy.warningLead()),
                    () -> warn(session.key()));
        }
        timers.at(session.key(), SessionTimers.Kind.END, session.dueAt(), () -> due(session.key()));
    }

    /**
     * The warning timer: one alert naming the session, its principal and its target's owner; none once the limit
     * is past, or for a session an active exemption will spare.
     */
    private void warn(SessionKey key) {
        Optional<WatchedSession> session = active.get(key);
        if (session.isEmpty() || !clock.instant().isBefore(session.get().limitAt())
                || spared(session.get())
                || !active.transition(key, EnumSet.of(WatchedSession.State.WATCHED), WatchedSession.State.WARNED)) {
            return;
        }
        WatchedSession s = session.get();
        Optional<EffectClaims.Claim> claim = Optional.empty();
        if (leases.isPresent()) {
            // Sent at most once: not when another holder sent it or may have (a resumed claim).
            claim = leases.get().claim(key, EffectKeys.warning(key.pair(), key.sessionId()));
            if (claim.isEmpty() || claim.get().resumed()) {
                return;
            }
        } else if (!sentWarnings.take(key, clock.instant())) {
            return;     // sent before this process started
        }
        long minutes = (Duration.between(clock.instant(), s.limitAt()).toSeconds() + 59) / 60;
        Optional<EffectClaims.Claim> sent = claim;
        alerts.send("Warden: session " + key.sessionId() + " ends in " + minutes + " min (tier " + s.tier()
                + " maximum)", describe(s) + ": terminated at " + s.limitAt(),
                () -> sent.ifPresent(c -> leases.orElseThrow().claims().complete(c, List.of())));
    }

    private boolean spared(WatchedSession s) {
        return policy.exemptions().stream().anyMatch(e -> e.covers(s.principal(), s.target())
                && e.isActiveAt(s.limitAt()));
    }

    /** The end timer: judges the session as it is now and terminates it when it is over its limit. */
    private void due(SessionKey key) {
        Optional<WatchedSession> session = active.get(key);
        if (session.isEmpty()) {
            return;
        }
        if (clock.instant().isBefore(session.get().dueAt())) {
            // The clock and the timer's own time differ by a little: never end a session before its limit.
            timers.at(key, SessionTimers.Kind.END, session.get().dueAt(), () -> due(key));
            return;
        }
        if (active.transition(key, NOT_ENDING, WatchedSession.State.ENDING)) {
            endIfOver(key, session.get(), false);
        }
    }

    /**
     * Sets a session's idle check at the moment it would be idle for its tier's idle limit, as a pass saw its last
     * activity (CloudWatch-logged sessions only: for the others activity is unknown, never idle).
     */
    void armIdleCheck(AccountRegion pair, SessionVerdict v, Instant seenAt) {
        SessionKey key = WatchedSession.keyOf(pair, v);
        if (v.idle().isEmpty() || v.terminate().isPresent() || active.get(key).map(WatchedSession::state)
                .filter(IDLE_CHECKED::contains).isEmpty()) {
            return;
        }
        timers.at(key, SessionTimers.Kind.IDLE, seenAt.minus(v.idle().get()).plus(v.tier().idle()),
                () -> idleCheck(key));
    }

    /** The idle check: reads the session's activity again; still idle, it is ended as at its limit. */
    private void idleCheck(SessionKey key) {
        Optional<WatchedSession> session = active.get(key);
        if (session.isPresent() && active.transition(key, IDLE_CHECKED, WatchedSession.State.ENDING)) {
            endIfOver(key, session.get(), true);
        }
    }

    /**
     * Judges a session this watch is ending (its state ENDING) as it is now, and terminates it when it is over a
     * limit: the end timer's path and the idle check's, one way to terminate, record and alert.
     *
     * @param idleCheck read its activity too; a session found active (or of unknown activity) goes back to its
     *                  state, its idle check set again at its new idle moment
     */
    private void endIfOver(SessionKey key, WatchedSession s, boolean idleCheck) {
        try {
            AccountScope account = policy.account(key.accountId()).orElseThrow();
            List<SessionVerdict> verdicts = lookup.judge(account, key, idleCheck);
            if (verdicts.isEmpty()) {
                ended(key, clock.instant());
                return;
            }
            SessionVerdict v = verdicts.get(0);
            if (idleCheck && v.terminate().isEmpty()) {
                active.transition(key, EnumSet.of(WatchedSession.State.ENDING), s.state());
                // Its end timer, had it fired meanwhile, found it ending and stood down: set it again.
                timers.at(key, SessionTimers.Kind.END, s.dueAt(), () -> due(key));
                armIdleCheck(key.pair(), v, clock.instant());
                return;
            }
            Optional<EffectClaims.Claim> claim = Optional.empty();
            if (leases.isPresent() && v.terminate().isPresent()) {
                if (leases.get().lease(key.pair()).isEmpty()) {
                    // Not this replica's to act on now (a renewal is late): look again shortly, not at the next
                    // pass, minutes away. Should the pair be lost meanwhile, its next holder ends the session.
                    active.transition(key, EnumSet.of(WatchedSession.State.ENDING), s.state());
                    timers.at(key, SessionTimers.Kind.END, clock.instant().plus(leases.get().period().dividedBy(8)),
                            () -> due(key));
                    return;
                }
                claim = leases.get().claim(key, EffectKeys.termination(key.pair(), key.sessionId()));
                if (claim.isEmpty()) {
                    // Terminated by another holder already (or the lease was lost just now).
                    forget(key);
                    return;
                }
            }
            if (v.terminate().isPresent() || v.protectedBy().isPresent()) {
                listener.violation(v.tier().name());
            }
            Optional<TerminationOutcome> outcome;
            if (claim.isPresent()) {
                // Its records appended with the claim's completion, in one transaction: once, whatever happens.
                List<AuditTrail.Entry> acted = new ArrayList<>();
                outcome = governance.act(policy, account, key.region(), v, acted);
                leases.get().claims().complete(claim.get(), acted);
            } else {
                outcome = governance.act(policy, account, key.region(), v);
            }
            if (outcome.isPresent()) {
                finish(key, v.tier().name(), outcome.get());
                TerminationOutcome o = outcome.get();
                alerts.send("Warden: session " + key.sessionId() + " " + o.status().name().toLowerCase(Locale.ROOT)
                        + (policy.dryRun() ? " (dry run)" : ""), describe(s) + ": " + v.terminate().orElse("")
                        + o.error().map(e -> ": " + e).orElse(""));
                return;
            }
            // Spared by an exemption (its use is recorded), or within its limits after all (a changed tier).
            WatchedSession next = WatchedSession.judged(key.pair(), v, s.trackedAt());
            active.replace(key, EnumSet.of(WatchedSession.State.ENDING), next);
            schedule(next);
        } catch (RuntimeException e) {
            // AWS or the store failed: the session stays watched and the next pass ends it.
            LOG.warn("Could not end session {} at its limit; the next pass retries: {}", key, e.toString(), e);
            active.transition(key, EnumSet.of(WatchedSession.State.ENDING), s.state());
        }
    }

    /** After a termination (a timer's or a pass's): an ended session is forgotten; a failed one is left to a pass. */
    void finish(SessionKey key, String tier, TerminationOutcome outcome) {
        listener.terminated(tier, outcome);
        switch (outcome.status()) {
            case TERMINATED, UNCONFIRMED -> ended(key, outcome.confirmedEnd().orElse(clock.instant()));
            case DRY_RUN -> forget(key);
            case FAILED -> active.transition(key, EnumSet.of(WatchedSession.State.ENDING),
                    WatchedSession.State.WATCHED);
        }
    }

    private void ended(SessionKey key, Instant at) {
        liveView.ended(key, at);
        forget(key);
    }

    private String describe(WatchedSession s) {
        return s.key() + " on " + s.target() + " by " + s.principal() + " (" + policy.ownerTag() + ": "
                + s.ownerTag().orElse("none") + ")";
    }
}
