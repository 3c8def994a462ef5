package dev.warden.governance.watch;

import dev.warden.governance.Governance;
import dev.warden.governance.PassReport;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.aws.SessionObserver;
import dev.warden.governance.aws.TargetTags;
import dev.warden.governance.events.EventIntake;
import dev.warden.governance.events.EventLedger;
import dev.warden.governance.events.SessionEvent;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.GroupCommit;
import dev.warden.governance.store.LiveViewChanges;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code warden govern watch}: enforcement that does not wait for a poll. Each active session gets a warning timer
 * (the policy's lead time before its tier's maximum) and an end timer (at the maximum); events (StartSession,
 * ResumeSession, TerminateSession, document changes) start, keep and stop them; a periodic full pass (the engine's
 * {@link Governance#enforce}) is the safety net and sets the timers of every active session it sees, so that a
 * restart or a missed event is caught. A session is warned and terminated once, whichever path reaches it first.
 *
 * <p>This class puts the parts together and runs the pass on its schedule: the timers' decisions are
 * {@link SessionDeadlines}', the events {@link SessionEventHandler}'s, the pass {@link SafetyNetPass}'s, and with a
 * lease period the replica's share of the pairs {@link ReplicaPairs}'.
 */
public final class SessionWatch implements EventIntake, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionWatch.class);
    /** How long a target's tags are taken as read for the events that name it; a pass reads them afresh. */
    private static final Duration TAGS_TIME_TO_LIVE = Duration.ofSeconds(60);

    private final WatchSettings settings;
    private final WatchedSessions active = new WatchedSessions();
    private final SessionTimers timers;
    /** The event and timer threads' small writes, committed together. */
    private final GroupCommit commits;
    /** With leases: what other replicas write into the live view for the pairs this one holds, heard at once. */
    private final LiveViewChanges changes;
    private final Optional<PairLeases> leases;
    private final WatchAlerts alerts;
    private final SessionEventHandler events;
    private final Optional<ReplicaPairs> replica;
    private final SafetyNetPass safetyNet;
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warden-watch-pass");
        t.setDaemon(true);
        return t;
    });

    public SessionWatch(Governance governance, AwsAccess aws, GovernanceStore store, Policy policy, Clock clock,
                        WatchSettings settings, WatchListener listener) {
        this.settings = settings;
        this.timers = new SessionTimers(clock, settings.timerThreads());
        this.commits = new GroupCommit(store);
        this.changes = new LiveViewChanges(store);
        this.leases = settings.leasePeriod().map(period -> new PairLeases(store, period, clock));
        this.alerts = new WatchAlerts(governance, policy);
        EventLedger ledger = new EventLedger(store);
        ActiveSessions live = new ActiveSessions(store);
        LiveViewWrites liveView = new LiveViewWrites(ledger, live, commits);
        SessionLookup lookup = new SessionLookup(aws, policy,
                new SessionObserver(clock, TargetTags.cachedFor(TAGS_TIME_TO_LIVE, clock)), clock);
        SessionDeadlines deadlines = new SessionDeadlines(governance, policy, clock, listener, lookup, active, timers,
                liveView, alerts, new SentWarnings(store), leases);
        this.events = new SessionEventHandler(governance, policy, clock, settings, listener, ledger, commits,
                liveView, changes, lookup, active, deadlines, leases);
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
        return events.offer(body);
    }

    /** Offers one event body and waits for its outcome: a delivery one at a time, as a test or a tool makes it. */
    public Outcome accept(String body) {
        return events.accept(body);
    }

    /** Events waiting or being handled now. */
    public int pendingEvents() {
        return events.pending();
    }

    /** Acts on one event, once however often it is delivered. */
    public Outcome handle(SessionEvent event) {
        return events.handle(event);
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
