package dev.warden.governance.watch;

import dev.warden.governance.Governance;
import dev.warden.governance.PairReport;
import dev.warden.governance.PassReport;
import dev.warden.governance.TerminationClaim;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Watch's periodic full pass, the safety net under the timers and events: the engine's enforcement, leaving alone
 * the sessions a timer is terminating; every active session it sees gets its timers (so that a restart or a missed
 * event is caught), and those that ended unseen are forgotten.
 */
final class SafetyNetPass {

    private final Governance governance;
    private final Policy policy;
    private final Clock clock;
    private final WatchListener listener;
    private final WatchedSessions active;
    private final SessionDeadlines deadlines;
    /** With leases: the pass covers this replica's pairs only. */
    private final Optional<ReplicaPairs> replica;

    SafetyNetPass(Governance governance, Policy policy, Clock clock, WatchListener listener, WatchedSessions active,
                  SessionDeadlines deadlines, Optional<ReplicaPairs> replica) {
        this.governance = governance;
        this.policy = policy;
        this.clock = clock;
        this.listener = listener;
        this.active = active;
        this.deadlines = deadlines;
        this.replica = replica;
    }

    PassReport run() {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Map<SessionKey, SessionVerdict> claimed = new HashMap<>();
        TerminationClaim claim = (pair, v) -> {
            boolean mine = deadlines.claimEnding(pair, v, started);
            if (mine) {
                synchronized (claimed) {
                    claimed.put(WatchedSession.keyOf(pair, v), v);
                }
            }
            return mine;
        };
        PassReport report = replica.isEmpty() ? governance.enforce(policy, claim) : replica.get().pass(started);
        for (PairReport pair : report.pairs()) {
            Map<String, TerminationOutcome> outcomes = pair.terminations().stream()
                    .collect(Collectors.toMap(TerminationOutcome::sessionId, o -> o, (a, b) -> a));
            for (SessionVerdict v : pair.verdicts()) {
                SessionKey key = WatchedSession.keyOf(pair.pair(), v);
                if (v.protectedBy().isPresent() || claimed.containsKey(key)) {
                    listener.violation(v.tier().name());
                }
                TerminationOutcome outcome = outcomes.get(v.session().sessionId());
                if (outcome != null && claimed.containsKey(key)) {
                    deadlines.finish(key, v.tier().name(), outcome);
                } else if (outcome == null) {
                    deadlines.track(pair.pair(), v);
                    deadlines.armIdleCheck(pair.pair(), v, started);
                }
            }
            if (pair.error().isEmpty()) {
                forgetUnseen(pair, started);
            }
        }
        listener.passCompleted(Duration.ofNanos(System.nanoTime() - t0), report);
        return report;
    }

    /** Sessions of a pair the pass did not see active, tracked before it started: they ended without an event. */
    private void forgetUnseen(PairReport pair, Instant passStarted) {
        Set<String> seen = pair.verdicts().stream().map(v -> v.session().sessionId()).collect(Collectors.toSet());
        for (WatchedSession s : active.of(pair.pair())) {
            if (!seen.contains(s.key().sessionId()) && s.trackedAt().isBefore(passStarted)
                    && s.state() != WatchedSession.State.ENDING) {
                deadlines.forget(s.key());
            }
        }
    }
}
