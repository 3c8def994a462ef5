package dev.warden.governance.watch;

import dev.warden.governance.Governance;
import dev.warden.governance.PairReport;
import dev.warden.governance.PassReport;
import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.aws.Observation;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.aws.SessionObserver;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.events.CloudTrailEvents;
import dev.warden.governance.events.EventIntake;
import dev.warden.governance.events.EventLedger;
import dev.warden.governance.events.SessionEvent;
import dev.warden.governance.judge.Judge;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.policy.AccountScope;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.Scope;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code warden govern watch}: enforcement that does not wait for a poll. Each active session gets a warning timer
 * (the policy's lead time before its tier's maximum) and an end timer (at the maximum); events (StartSession,
 * ResumeSession, TerminateSession, document changes) start, keep and stop them; a periodic full pass (the engine's
 * {@link Governance#enforce}) is the safety net and sets the timers of every active session it sees, so that a
 * restart or a missed event is caught. A session is warned and terminated once, whichever path reaches it first.
 */
public final class SessionWatch implements EventIntake, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionWatch.class);
    private static final Set<WatchedSession.State> NOT_ENDING =
            EnumSet.of(WatchedSession.State.WATCHED, WatchedSession.State.WARNED, WatchedSession.State.EXEMPT);

    private final Governance governance;
    private final AwsAccess aws;
    private final Policy policy;
    private final Clock clock;
    private final EventLedger ledger;
    private final WatchSettings settings;
    private final WatchListener listener;
    private final SessionObserver observer;
    private final WatchedSessions active = new WatchedSessions();
    /** The store's live view (the dashboard's, and the replicas' on take-over): events keep it in step. */
    private final ActiveSessions live;
    private final SessionTimers timers;
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warden-watch-pass");
        t.setDaemon(true);
        return t;
    });
    /** Alerts go out on their own thread: a slow or failing webhook (retried with backoff) never delays a timer. */
    private final ExecutorService alerts = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "warden-watch-alerts");
        t.setDaemon(true);
        return t;
    });

    public SessionWatch(Governance governance, AwsAccess aws, GovernanceStore store, Policy policy, Clock clock,
                        WatchSettings settings, WatchListener listener) {
        this.governance = governance;
        this.aws = aws;
        this.policy = policy;
        this.clock = clock;
        this.ledger = new EventLedger(store);
        this.live = new ActiveSessions(store);
        this.settings = settings;
        this.listener = listener;
        this.observer = new SessionObserver(clock);
        this.timers = new SessionTimers(clock, settings.timerThreads());
    }

    /** Runs the first pass now and the next ones every pass interval, in the background. */
    public void start() {
        passes.scheduleWithFixedDelay(this::passSafely, 0, settings.passInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The sessions watch has timers for (for the dashboard and the metrics). */
    public WatchedSessions watchedSessions() {
        return active;
    }

    /**
     * One safety-net pass: the engine's enforcement, leaving alone the sessions a timer is terminating; then every
     * active session it saw gets its timers, and those that ended unseen are forgotten.
     */
    public PassReport pass() {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Map<SessionKey, SessionVerdict> claimed = new HashMap<>();
        PassReport report = governance.enforce(policy, (pair, v) -> {
            SessionKey key = keyOf(pair, v);
            boolean mine = active.claimEnding(watched(pair, v, started));
            if (mine) {
                timers.cancel(key);
                synchronized (claimed) {
                    claimed.put(key, v);
                }
            }
            return mine;
        });
        for (PairReport pair : report.pairs()) {
            Map<String, TerminationOutcome> outcomes = pair.terminations().stream()
                    .collect(Collectors.toMap(TerminationOutcome::sessionId, o -> o, (a, b) -> a));
            for (SessionVerdict v : pair.verdicts()) {
                SessionKey key = keyOf(pair.pair(), v);
                if (v.protectedBy().isPresent() || claimed.containsKey(key)) {
                    listener.violation(v.tier().name());
                }
                TerminationOutcome outcome = outcomes.get(v.session().sessionId());
                if (outcome != null && claimed.containsKey(key)) {
                    finish(key, v.tier().name(), outcome);
                } else if (outcome == null) {
                    track(pair.pair(), v);
                }
            }
            if (pair.error().isEmpty()) {
                forgetUnseen(pair, started);
            }
        }
        listener.passCompleted(Duration.ofNanos(System.nanoTime() - t0), report);
        return report;
    }

    @Override
    public Outcome accept(String body) {
        Optional<SessionEvent> parsed = CloudTrailEvents.parse(body);
        if (parsed.isEmpty()) {
            return Outcome.IGNORED;
        }
        SessionEvent event = parsed.get();
        Outcome outcome = handle(event);
        listener.eventHandled(event, outcome, Duration.between(event.time(), clock.instant()));
        return outcome;
    }

    /** Acts on one event, once however often it is delivered. */
    public Outcome handle(SessionEvent event) {
        Optional<AccountScope> account = account(event.accountId());
        if (account.isEmpty() || !policy.scope().regions().contains(event.region())) {
            return Outcome.IGNORED;
        }
        if (!ledger.claim(event.id(), event.type().eventName(), clock.instant())) {
            return Outcome.DUPLICATE;
        }
        try {
            if (event.type().changesDocument()) {
                auditPreferences(account.get(), event.region());
                return Outcome.HANDLED;
            }
            SessionKey key = new SessionKey(event.accountId(), event.region(), event.sessionId().orElseThrow());
            switch (event.type()) {
                case START_SESSION, RESUME_SESSION -> discover(account.get(), key);
                case TERMINATE_SESSION -> ended(key, event.time());
                default -> throw new IllegalStateException("not a session event: " + event.type());
            }
            return Outcome.HANDLED;
        } catch (RuntimeException e) {
            // Handled on its next delivery (the SQS message stays; EventBridge retries a failed POST).
            ledger.release(event.id());
            throw e;
        }
    }

    /** A session an event names: its timers, unless it is known, or known to have ended (a late StartSession). */
    private void discover(AccountScope account, SessionKey key) {
        if (active.get(key).isPresent() || ledger.hasEnded(key)) {
            return;
        }
        Observation observation = observer.observeSession(key.pair(), aws.ssm(account, key.region()), key.sessionId());
        Instant seenAt = clock.instant();
        for (SessionVerdict v : Judge.judge(policy, observation, seenAt)) {
            live.upsert(Governance.activeSession(key.pair(), v, seenAt));
            track(key.pair(), v);
        }
    }

    private void ended(SessionKey key, Instant at) {
        ledger.markEnded(key, at);
        timers.cancel(key);
        active.remove(key);
        live.remove(key.accountId(), key.region(), key.sessionId());
    }

    /** An UpdateDocument or UpdateDocumentDefaultVersion: the preference audit of that account × region. */
    private void auditPreferences(AccountScope account, String region) {
        Policy onePair = new Policy(new Scope(List.of(account), List.of(region)), policy.tiers(),
                policy.defaultTier(), policy.exemptions(), policy.dryRun(), policy.warningLead(), policy.ownerTag(),
                policy.alerts());
        governance.auditPreferences(onePair, false);
    }

    /** Sets the timers of a session not tracked yet. */
    private void track(AccountRegion pair, SessionVerdict v) {
        WatchedSession session = watched(pair, v, clock.instant());
        if (!active.track(session)) {
            return;
        }
        schedule(session);
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
        long minutes = (Duration.between(clock.instant(), s.limitAt()).toSeconds() + 59) / 60;
        alert("Warden: session " + key.sessionId() + " ends in " + minutes + " min (tier " + s.tier()
                + " maximum)", describe(s) + ": terminated at " + s.limitAt());
    }

    private boolean spared(WatchedSession s) {
        return policy.exemptions().stream().anyMatch(e -> e.covers(s.principal(), s.target())
                && e.isActiveAt(s.limitAt()));
    }

    private void alert(String subject, String line) {
        alerts.execute(() -> {
            try {
                governance.alert(policy, subject, List.of(line));
            } catch (RuntimeException e) {
                LOG.warn("Could not send the alert '{}': {}", subject, e.toString());
            }
        });
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
        if (!active.transition(key, NOT_ENDING, WatchedSession.State.ENDING)) {
            return;
        }
        WatchedSession s = session.get();
        try {
            AccountScope account = account(key.accountId()).orElseThrow();
            Observation observation = observer.observeSession(key.pair(), aws.ssm(account, key.region()),
                    key.sessionId());
            List<SessionVerdict> verdicts = Judge.judge(policy, observation, clock.instant());
            if (verdicts.isEmpty()) {
                ended(key, clock.instant());
                return;
            }
            SessionVerdict v = verdicts.get(0);
            if (v.terminate().isPresent() || v.protectedBy().isPresent()) {
                listener.violation(v.tier().name());
            }
            Optional<TerminationOutcome> outcome = governance.act(policy, account, key.region(), v);
            if (outcome.isPresent()) {
                finish(key, v.tier().name(), outcome.get());
                TerminationOutcome o = outcome.get();
                alert("Warden: session " + key.sessionId() + " " + o.status().name().toLowerCase(Locale.ROOT)
                        + (policy.dryRun() ? " (dry run)" : ""), describe(s) + ": " + v.terminate().orElse("")
                        + o.error().map(e -> ": " + e).orElse(""));
                return;
            }
            // Spared by an exemption (its use is recorded), or within its limits after all (a changed tier).
            WatchedSession next = watched(key.pair(), v, s.trackedAt());
            active.replace(key, EnumSet.of(WatchedSession.State.ENDING), next);
            schedule(next);
        } catch (RuntimeException e) {
            // AWS or the store failed: the session stays watched and the next pass ends it.
            LOG.warn("Could not end session {} at its limit; the next pass retries: {}", key, e.toString(), e);
            active.transition(key, EnumSet.of(WatchedSession.State.ENDING), s.state());
        }
    }

    /** After a termination: an ended session is forgotten; a failed one is left to the next pass. */
    private void finish(SessionKey key, String tier, TerminationOutcome outcome) {
        listener.terminated(tier, outcome);
        switch (outcome.status()) {
            case TERMINATED, UNCONFIRMED -> ended(key, outcome.confirmedEnd().orElse(clock.instant()));
            case DRY_RUN -> {
                timers.cancel(key);
                active.remove(key);
            }
            case FAILED -> active.transition(key, EnumSet.of(WatchedSession.State.ENDING), WatchedSession.State.WATCHED);
        }
    }

    /** Sessions of a pair the pass did not see active, tracked before it started: they ended without an event. */
    private void forgetUnseen(PairReport pair, Instant passStarted) {
        Set<String> seen = pair.verdicts().stream().map(v -> v.session().sessionId()).collect(Collectors.toSet());
        for (WatchedSession s : active.of(pair.pair())) {
            if (!seen.contains(s.key().sessionId()) && s.trackedAt().isBefore(passStarted)
                    && s.state() != WatchedSession.State.ENDING) {
                timers.cancel(s.key());
                active.remove(s.key());
            }
        }
    }

    private WatchedSession watched(AccountRegion pair, SessionVerdict v, Instant trackedAt) {
        Instant limitAt = v.session().startDate().plus(v.tier().max());
        boolean exempt = v.protectedBy().isPresent();
        Instant dueAt = v.protectedBy().map(e -> e.expires()).orElse(v.limitCrossedAt().orElse(limitAt));
        return new WatchedSession(keyOf(pair, v), v.session().target(), v.session().owner(), v.tier().name(),
                v.owner(), v.session().startDate(), limitAt, dueAt, trackedAt,
                exempt ? WatchedSession.State.EXEMPT : WatchedSession.State.WATCHED);
    }

    private static SessionKey keyOf(AccountRegion pair, SessionVerdict v) {
        return new SessionKey(pair.accountId(), pair.region(), v.session().sessionId());
    }

    private String describe(WatchedSession s) {
        return s.key() + " on " + s.target() + " by " + s.principal() + " (" + policy.ownerTag() + ": "
                + s.ownerTag().orElse("none") + ")";
    }

    private Optional<AccountScope> account(String accountId) {
        return policy.scope().accounts().stream().filter(a -> a.accountId().equals(accountId)).findFirst();
    }

    private void passSafely() {
        try {
            pass();
        } catch (RuntimeException e) {
            // The schedule goes on: a pass that failed as a whole (the store) is tried again next interval.
            LOG.error("The safety-net pass failed: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        passes.shutdownNow();
        timers.close();
        alerts.shutdown();
        try {
            alerts.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            passes.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
