package dev.warden.governance.watch;

import dev.warden.governance.Governance;
import dev.warden.governance.PairReport;
import dev.warden.governance.PassReport;
import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.lease.EffectClaims;
import dev.warden.governance.lease.EffectKeys;
import dev.warden.governance.lease.Lease;
import dev.warden.governance.lease.PairShare;
import dev.warden.governance.policy.AccountScope;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.store.ActiveSession;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.LiveViewChanges;
import dev.warden.governance.trail.AuditTrail;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watch as one replica among others on a PostgreSQL store: it passes over the pairs it holds only, sets the timers
 * of a pair's sessions when it takes the pair (settling what a dead former holder left unrecorded) and drops them
 * when it loses it, and hears at once the sessions other replicas write into the live view for its pairs.
 */
final class ReplicaPairs implements PairShare.Work {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaPairs.class);

    private final Governance governance;
    private final Policy policy;
    private final Clock clock;
    private final PairLeases leases;
    private final SessionDeadlines deadlines;
    private final WatchedSessions active;
    /** The live view, as other replicas write it for the pairs this one holds. */
    private final ActiveSessions live;
    private final LiveViewChanges changes;
    private final WatchAlerts alerts;
    /** The pass's thread: a taken pair's pass and settling run there, off the lease keeper's thread. */
    private final Executor passThread;
    private final Runnable pass;

    ReplicaPairs(Governance governance, Policy policy, Clock clock, PairLeases leases, SessionDeadlines deadlines,
                 WatchedSessions active, ActiveSessions live, LiveViewChanges changes, WatchAlerts alerts,
                 Executor passThread, Runnable pass) {
        this.governance = governance;
        this.policy = policy;
        this.clock = clock;
        this.leases = leases;
        this.deadlines = deadlines;
        this.active = active;
        this.live = live;
        this.changes = changes;
        this.alerts = alerts;
        this.passThread = passThread;
        this.pass = pass;
    }

    /** Listens to the other replicas and starts taking this one's share of the policy's pairs. */
    void start() {
        changes.listen(this::heard);
        leases.share(pairs(), this);
    }

    /**
     * A replica's pass: over the pairs it holds only, terminating nothing itself; a violator's end timer is set to
     * now, so that its termination is claimed under the pair's lease and recorded once, like a timer's.
     */
    PassReport pass(Instant started) {
        List<PairReport> pairs = new ArrayList<>();
        for (AccountRegion pair : leases.pairs()) {
            AccountScope account = policy.account(pair.accountId()).orElseThrow();
            pairs.addAll(governance.enforce(policy.narrowedTo(account, pair.region()), (p, v) -> {
                deadlines.endNow(p, v, started);
                return false;
            }).pairs());
        }
        return new PassReport(pairs);
    }

    /**
     * A pair became this replica's: the timers of its sessions, as the live view holds them; a pass soon finds
     * what the view does not have yet.
     */
    @Override
    public void take(AccountRegion pair, Lease lease, List<ActiveSession> sessions) {
        passThread.execute(pass);
        Instant now = clock.instant();
        sessions.forEach(s -> watchFromLiveView(s, now));
        passThread.execute(() -> recordUnrecordedTerminations(pair));
    }

    /** A pair is no longer this replica's: its new holder sets the timers of its sessions. */
    @Override
    public void drop(AccountRegion pair) {
        for (WatchedSession s : active.of(pair)) {
            deadlines.forget(s.key());
        }
    }

    /**
     * Terminations of the pair a former holder claimed and never recorded (it died between its TerminateSession call
     * and the record): each session found ended in History gets its ACTION record and its end alert, once, through
     * the resumed claim. A session still running is left to its end timer, which resumes the claim and terminates.
     */
    private void recordUnrecordedTerminations(AccountRegion pair) {
        Optional<Lease> lease = leases.lease(pair);
        if (lease.isEmpty()) {
            return;
        }
        AccountScope account = policy.account(pair.accountId()).orElseThrow();
        EffectClaims claims = leases.claims();
        for (String effect : claims.openOfFormerHolders(lease.get())) {
            Optional<String> sessionId = EffectKeys.terminatedSession(pair, effect);
            if (sessionId.isEmpty()) {
                continue;
            }
            try {
                Optional<AuditTrail.Entry> record = governance.unrecordedTermination(policy, account, pair.region(),
                        sessionId.get());
                if (record.isEmpty()) {
                    continue;
                }
                Optional<EffectClaims.Claim> claim = claims.claim(lease.get(), effect);
                if (claim.isPresent() && claim.get().resumed()
                        && claims.complete(claim.get(), List.of(record.get())).isPresent()) {
                    alerts.send("Warden: session " + sessionId.get() + " terminated", "Session " + sessionId.get()
                            + " in " + pair + " was terminated by a replica that stopped before recording it;"
                            + " recorded when the pair was taken over");
                }
            } catch (RuntimeException e) {
                // AWS or the store failed: the claim stays open and the next take-over of the pair looks again.
                LOG.warn("Could not settle the unrecorded termination of {} in {}: {}", sessionId.get(), pair,
                        e.toString());
            }
        }
    }

    /** Sets the timers of a session as the live view holds it, unless it is watched already. */
    private void watchFromLiveView(ActiveSession s, Instant now) {
        if (s.deadline().isEmpty()) {
            return;
        }
        Instant limit = s.deadline().get();
        deadlines.watch(new WatchedSession(new SessionKey(s.accountId(), s.region(), s.sessionId()), s.target(),
                s.principal(), s.tier(), s.ownerTag(), s.startedAt(), limit, limit, now, WatchedSession.State.WATCHED));
    }

    /**
     * Another replica wrote a session of a pair it does not hold into the live view, or took one out: the holder
     * sets or cancels its timers at once instead of at its next pass.
     */
    private void heard(LiveViewChanges.Change change) {
        SessionKey key = change.session();
        if (!leases.pairs().contains(key.pair())) {
            return;
        }
        if (change.started()) {
            live.find(key.accountId(), key.region(), key.sessionId()).ifPresent(s -> watchFromLiveView(s,
                    clock.instant()));
        } else if (active.get(key).filter(s -> s.state() != WatchedSession.State.ENDING).isPresent()) {
            deadlines.forget(key);
        }
    }

    /** The policy's account × region pairs, shared among the replicas. */
    private List<AccountRegion> pairs() {
        List<AccountRegion> all = new ArrayList<>();
        for (AccountScope account : policy.scope().accounts()) {
            for (String region : policy.scope().regions()) {
                all.add(new AccountRegion(account.accountId(), region));
            }
        }
        return all;
    }
}
