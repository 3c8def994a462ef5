package dev.warden.governance.watch;

import dev.warden.governance.Governance;
import dev.warden.governance.PassReport;
import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.aws.SessionObserver;
import dev.warden.governance.aws.TargetTags;
import dev.warden.governance.events.CloudTrailEvents;
import dev.warden.governance.events.EventDispatcher;
import dev.warden.governance.events.EventIntake;
import dev.warden.governance.events.EventLedger;
import dev.warden.governance.events.SessionEvent;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.policy.AccountScope;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.GroupCommit;
import dev.warden.governance.store.LiveViewChanges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code warden govern watch}: enforcement that does not wait for a poll. Each active session gets a warning timer
 * (the policy's lead time before its tier's maximum) and an end timer (at the maximum); events (StartSession,
 * ResumeSession, TerminateSession, document changes) start, keep and stop them; a periodic full pass (the engine's
 * {@link Governance#enforce}) is the safety net and sets the timers of every active session it sees, so that a
 * restart or a missed event is caught. A session is warned and terminated once, whichever path reaches it first.
 *
 * <p>The timers' decisions are {@link SessionDeadlines}', the pass {@link SafetyNetPass}'s, and with a lease period
 * the replica's share of the pairs {@link ReplicaPairs}'.
 */
public final class SessionWatch implements EventIntake, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionWatch.class);
    /** How long a target's tags are taken as read for the events that name it; a pass reads them afresh. */
    private static final Duration TAGS_TIME_TO_LIVE = Duration.ofSeconds(60);

    private final Governance governance;
    private final Policy policy;
    private final Clock clock;
    private final WatchSettings settings;
    private final WatchListener listener;
    private final EventLedger ledger;
    private final LiveViewWrites liveView;
    /** A session as it is now, judged, for an event that names it. */
    private final SessionLookup lookup;
    private final SessionDeadlines deadlines;
    /** Handles events several at a time, each session's in order. */
    private final EventDispatcher events;
    private final WatchedSessions active = new WatchedSessions();
    private final SessionTimers timers;
    /** The event and timer threads' small writes, committed together. */
    private final GroupCommit commits;
    /** With leases: what other replicas write into the live view for the pairs this one holds, heard at once. */
    private final LiveViewChanges changes;
    private final Optional<PairLeases> leases;
    private final WatchAlerts alerts;
    private final Optional<ReplicaPairs> replica;
    private final SafetyNetPass safetyNet;
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warden-watch-pass");
        t.setDaemon(true);
        return t;
    });

    public SessionWatch(Governance governance, AwsAccess aws, GovernanceStore store, Policy policy, Clock clock,
                        WatchSettings settings, WatchListener listener) {
        this.governance = governance;
        this.policy = policy;
        this.clock = clock;
        this.settings = settings;
        this.listener = listener;
        this.timers = new SessionTimers(clock, settings.timerThreads());
        this.commits = new GroupCommit(store);
        this.changes = new LiveViewChanges(store);
        this.leases = settings.leasePeriod().map(period -> new PairLeases(store, period, clock));
        this.alerts = new WatchAlerts(governance, policy);
        this.ledger = new EventLedger(store);
        ActiveSessions live = new ActiveSessions(store);
        this.liveView = new LiveViewWrites(ledger, live, commits);
        this.lookup = new SessionLookup(aws, policy,
                new SessionObserver(clock, TargetTags.cachedFor(TAGS_TIME_TO_LIVE, clock)), clock);
        this.deadlines = new SessionDeadlines(governance, policy, clock, listener, lookup, active, timers, liveView,
                alerts, new SentWarnings(store), leases);
        this.events = new EventDispatcher(settings.eventThreads(), settings.eventBacklog(), this::handleReporting);
        this.replica = leases.map(l -> new ReplicaPairs(governance, policy, clock, l, deadlines, active, live,
                changes, alerts, passes, this::passSafely));
        this.safetyNet = new SafetyNetPass(governance, policy, clock, listener, active, deadlines, replica);
    }

    /** Runs the first pass now and the next ones every pass interval, in the background. */
    public void start() {
        replica.ifPresent(ReplicaPairs::start);
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
        return safetyNet.run();
    }

    /** Queues the event for handling (events of other calls are settled at once as ignored). */
    @Override
    public Optional<CompletableFuture<Outcome>> offer(String body) {
        Optional<SessionEvent> parsed = CloudTrailEvents.parse(body);
        if (parsed.isEmpty()) {
            return Optional.of(CompletableFuture.completedFuture(Outcome.IGNORED));
        }
        return events.offer(parsed.get());
    }

    /** Offers one event body and waits for its outcome: a delivery one at a time, as a test or a tool makes it. */
    public Outcome accept(String body) {
        return offer(body).orElseThrow(() -> new IllegalStateException("too many events waiting; try again"))
                .join();
    }

    /** Events waiting or being handled now. */
    public int pendingEvents() {
        return events.pending();
    }

    private Outcome handleReporting(SessionEvent event) {
        Outcome outcome = handle(event);
        listener.eventHandled(event, outcome, Duration.between(event.time(), clock.instant()));
        return outcome;
    }

    /** Acts on one event, once however often it is delivered. */
    public Outcome handle(SessionEvent event) {
        Optional<AccountScope> account = policy.account(event.accountId());
        if (account.isEmpty() || !policy.scope().regions().contains(event.region())) {
            return Outcome.IGNORED;
        }
        if (event.sessionId().isPresent() && !event.type().changesDocument()
                && !PairLeases.holds(leases, new AccountRegion(event.accountId(), event.region()))) {
            // Another replica's pair: the event is not claimed in the ledger, which would hide it from the holder
            // if it comes to it too; the live view is written and the holder's pass or take-over sets the timers.
            recordOnly(account.get(), event);
            return Outcome.HANDLED;
        }
        if (ledger.seen(event.id())) {
            return Outcome.DUPLICATE;   // a repeat: not even its lookups (the claim below still decides)
        }
        if (event.type().changesDocument()) {
            if (!commits.write(h -> claim(h, event))) {
                return Outcome.DUPLICATE;
            }
            try {
                governance.auditPreferences(policy.narrowedTo(account.get(), event.region()), false);
            } catch (RuntimeException e) {
                // Handled on its next delivery (the SQS message stays; EventBridge retries a failed POST).
                ledger.release(event.id());
                throw e;
            }
            return Outcome.HANDLED;
        }
        SessionKey key = new SessionKey(event.accountId(), event.region(), event.sessionId().orElseThrow());
        boolean claimed = switch (event.type()) {
            case START_SESSION, RESUME_SESSION -> discover(account.get(), key, event);
            case TERMINATE_SESSION -> endedByEvent(key, event);
            default -> throw new IllegalStateException("not a session event: " + event.type());
        };
        return claimed ? Outcome.HANDLED : Outcome.DUPLICATE;
    }

    /**
     * A session an event names: its timers, unless it is known, or known to have ended (a late StartSession). The
     * event is claimed in the ledger with the session's entry in the live view, in one (shared) commit, after the
     * lookups: a lookup that fails leaves nothing claimed, for the next delivery.
     */
    private boolean discover(AccountScope account, SessionKey key, SessionEvent event) {
        if (active.get(key).isPresent() || ledger.hasEnded(key)) {
            return commits.write(h -> claim(h, event));
        }
        List<SessionVerdict> verdicts = lookup.judge(account, key, false);
        Instant seenAt = clock.instant();
        boolean claimed = commits.write(h -> {
            if (!claim(h, event)) {
                return false;
            }
            liveView.active(h, key.pair(), verdicts, seenAt);
            return true;
        });
        if (claimed) {
            verdicts.forEach(v -> deadlines.track(key.pair(), v));
        }
        return claimed;
    }

    private boolean claim(Handle h, SessionEvent event) {
        return ledger.claim(h, event.id(), event.type().eventName(), clock.instant());
    }

    /** A session event of a pair another replica holds: the live view only. */
    private void recordOnly(AccountScope account, SessionEvent event) {
        SessionKey key = new SessionKey(event.accountId(), event.region(), event.sessionId().orElseThrow());
        switch (event.type()) {
            case START_SESSION, RESUME_SESSION -> {
                if (ledger.hasEnded(key)) {
                    return;
                }
                List<SessionVerdict> verdicts = lookup.judge(account, key, false);
                Instant seenAt = clock.instant();
                commits.write(h -> {
                    liveView.active(h, key.pair(), verdicts, seenAt);
                    if (!verdicts.isEmpty()) {
                        changes.announce(h, new LiveViewChanges.Change(key, true));
                    }
                    return null;
                });
            }
            case TERMINATE_SESSION -> commits.write(h -> liveView.ended(h, key, event.time())
                    && announce(h, new LiveViewChanges.Change(key, false)));
            default -> throw new IllegalStateException("not a session event: " + event.type());
        }
    }

    /** A TerminateSession event: the session ended (claimed with it, in one commit). */
    private boolean endedByEvent(SessionKey key, SessionEvent event) {
        boolean claimed = commits.write(h -> claim(h, event) && liveView.ended(h, key, event.time()));
        if (claimed) {
            deadlines.forget(key);
        }
        return claimed;
    }

    private boolean announce(Handle h, LiveViewChanges.Change change) {
        changes.announce(h, change);
        return true;
    }

    private void passSafely() {
        try {
            pass();
        } catch (RuntimeException e) {
            if (passes.isShutdown()) {
                // Stopping: close() interrupted the pass on purpose; nothing failed.
                LOG.debug("The safety-net pass stopped with watch: {}", e.toString());
                return;
            }
            // The schedule goes on: a pass that failed as a whole (the store) is tried again next interval.
            LOG.error("The safety-net pass failed: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        events.close();
        changes.close();
        leases.ifPresent(PairLeases::close);
        passes.shutdownNow();
        timers.close();
        alerts.close();
        try {
            passes.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commits.close();
    }
}
