package dev.warden.governance.watch;

import dev.warden.governance.Governance;
import dev.warden.governance.PairReport;
import dev.warden.governance.PassReport;
import dev.warden.governance.TerminationClaim;
import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.aws.SessionObserver;
import dev.warden.governance.aws.TargetTags;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.events.CloudTrailEvents;
import dev.warden.governance.events.EventDispatcher;
import dev.warden.governance.events.EventIntake;
import dev.warden.governance.events.EventLedger;
import dev.warden.governance.events.SessionEvent;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.lease.EffectClaims;
import dev.warden.governance.lease.EffectKeys;
import dev.warden.governance.lease.Lease;
import dev.warden.governance.lease.LeaseKeeper;
import dev.warden.governance.lease.LeaseLostException;
import dev.warden.governance.lease.PairShare;
import dev.warden.governance.policy.AccountScope;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.Scope;
import dev.warden.governance.store.ActiveSession;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.GroupCommit;
import dev.warden.governance.store.LiveViewChanges;
import dev.warden.governance.trail.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
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
    /** How long a target's tags are taken as read for the events that name it; a pass reads them afresh. */
    private static final Duration TAGS_TIME_TO_LIVE = Duration.ofSeconds(60);
    private static final Set<WatchedSession.State> NOT_ENDING =
            EnumSet.of(WatchedSession.State.WATCHED, WatchedSession.State.WARNED, WatchedSession.State.EXEMPT);
    /** An exempt session is not ended for idleness before its exemption's expiry: no idle check. */
    private static final Set<WatchedSession.State> IDLE_CHECKED =
            EnumSet.of(WatchedSession.State.WATCHED, WatchedSession.State.WARNED);

    private final Governance governance;
    private final AwsAccess aws;
    private final Policy policy;
    private final Clock clock;
    private final EventLedger ledger;
    private final WatchSettings settings;
    private final WatchListener listener;
    /** A session as it is now, judged: for an event that names it, and when its end timer or idle check fires. */
    private final SessionLookup lookup;
    /** Handles events several at a time, each session's in order. */
    private final EventDispatcher events;
    private final WatchedSessions active = new WatchedSessions();
    /** The store's live view (the dashboard's, and the replicas' on take-over): events keep it in step. */
    private final ActiveSessions live;
    private final SessionTimers timers;
    /** The event and timer threads' small writes, committed together. */
    private final GroupCommit commits;
    /** Without leases: the warnings sent, so that a restart does not send them again. */
    private final SentWarnings sentWarnings;
    /** With leases: what other replicas write into the live view for the pairs this one holds, heard at once. */
    private final LiveViewChanges changes;
    /** With a lease period: this replica's pairs, and the claims that make each warning and termination once. */
    private final Optional<PairShare> share;
    private final Optional<EffectClaims> claims;
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
        this.commits = new GroupCommit(store);
        this.sentWarnings = new SentWarnings(store);
        this.changes = new LiveViewChanges(store);
        this.settings = settings;
        this.listener = listener;
        this.lookup = new SessionLookup(aws, policy,
                new SessionObserver(clock, TargetTags.cachedFor(TAGS_TIME_TO_LIVE, clock)), clock);
        this.events = new EventDispatcher(settings.eventThreads(), settings.eventBacklog(), this::handleReporting);
        this.timers = new SessionTimers(clock, settings.timerThreads());
        this.share = settings.leasePeriod().map(period -> new PairShare(store, LeaseKeeper.newHolderId(), period,
                clock, new PairShare.Work() {
                    @Override
                    public void take(AccountRegion pair, Lease lease, List<ActiveSession> sessions) {
                        taken(pair, sessions);
                    }

                    @Override
                    public void drop(AccountRegion pair) {
                        dropped(pair);
                    }
                }));
        this.claims = share.map(s -> new EffectClaims(store, new AuditTrail(store, clock), clock));
    }

    /** Runs the first pass now and the next ones every pass interval, in the background. */
    public void start() {
        share.ifPresent(s -> {
            changes.listen(this::heard);
            s.share(pairs());
        });
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
        TerminationClaim claim = (pair, v) -> {
            SessionKey key = keyOf(pair, v);
            boolean mine = active.claimEnding(watched(pair, v, started));
            if (mine) {
                timers.cancel(key);
                synchronized (claimed) {
                    claimed.put(key, v);
                }
            }
            return mine;
        };
        PassReport report = share.isEmpty() ? governance.enforce(policy, claim) : leasedPass(started);
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
                    armIdleCheck(pair.pair(), v, started);
                }
            }
            if (pair.error().isEmpty()) {
                forgetUnseen(pair, started);
            }
        }
        listener.passCompleted(Duration.ofNanos(System.nanoTime() - t0), report);
        return report;
    }

    /**
     * A replica's pass: over the pairs it holds only, terminating nothing itself; a violator's end timer is set to
     * now, so that its termination is claimed under the pair's lease and recorded once, like a timer's.
     */
    private PassReport leasedPass(Instant started) {
        List<PairReport> pairs = new ArrayList<>();
        for (AccountRegion pair : share.orElseThrow().pairs()) {
            AccountScope account = account(pair.accountId()).orElseThrow();
            pairs.addAll(governance.enforce(onePair(account, pair.region()), (p, v) -> {
                endNow(p, v, started);
                return false;
            }).pairs());
        }
        return new PassReport(pairs);
    }

    /** A violator a replica's pass found: its end timer fires now (unless it is being ended already). */
    private void endNow(AccountRegion pair, SessionVerdict v, Instant seenAt) {
        WatchedSession next = watched(pair, v, seenAt);
        if (active.track(next) || active.replace(next.key(), NOT_ENDING, next)) {
            timers.at(next.key(), SessionTimers.Kind.END, clock.instant(), () -> due(next.key()));
        }
    }

    /**
     * A pair became this replica's: the timers of its sessions, as the live view holds them; a pass soon finds
     * what the view does not have yet.
     */
    private void taken(AccountRegion pair, List<ActiveSession> sessions) {
        passes.execute(this::passSafely);
        Instant now = clock.instant();
        sessions.forEach(s -> watchFromLiveView(s, now));
        passes.execute(() -> recordUnrecordedTerminations(pair));
    }

    /**
     * Terminations of the pair a former holder claimed and never recorded (it died between its TerminateSession call
     * and the record): each session found ended in History gets its ACTION record and its end alert, once, through
     * the resumed claim. A session still running is left to its end timer, which resumes the claim and terminates.
     */
    private void recordUnrecordedTerminations(AccountRegion pair) {
        Optional<Lease> lease = share.orElseThrow().lease(pair);
        if (lease.isEmpty()) {
            return;
        }
        AccountScope account = account(pair.accountId()).orElseThrow();
        for (String effect : claims.orElseThrow().openOfFormerHolders(lease.get())) {
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
                Optional<EffectClaims.Claim> claim = claims.get().claim(lease.get(), effect);
                if (claim.isPresent() && claim.get().resumed()
                        && claims.get().complete(claim.get(), List.of(record.get())).isPresent()) {
                    alert("Warden: session " + sessionId.get() + " terminated", "Session " + sessionId.get()
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
        WatchedSession session = new WatchedSession(new SessionKey(s.accountId(), s.region(), s.sessionId()),
                s.target(), s.principal(), s.tier(), s.ownerTag(), s.startedAt(), limit, limit, now,
                WatchedSession.State.WATCHED);
        if (active.track(session)) {
            schedule(session);
        }
    }

    /**
     * Another replica wrote a session of a pair it does not hold into the live view, or took one out: the holder
     * sets or cancels its timers at once instead of at its next pass.
     */
    private void heard(LiveViewChanges.Change change) {
        SessionKey key = change.session();
        if (share.isEmpty() || !share.get().pairs().contains(key.pair())) {
            return;
        }
        if (change.started()) {
            live.find(key.accountId(), key.region(), key.sessionId()).ifPresent(s -> watchFromLiveView(s,
                    clock.instant()));
        } else if (active.get(key).filter(s -> s.state() != WatchedSession.State.ENDING).isPresent()) {
            timers.cancel(key);
            active.remove(key);
        }
    }

    /** A pair is no longer this replica's: its new holder sets the timers of its sessions. */
    private void dropped(AccountRegion pair) {
        for (WatchedSession s : active.of(pair)) {
            timers.cancel(s.key());
            active.remove(s.key());
        }
    }

    private boolean holds(AccountRegion pair) {
        return share.map(s -> s.pairs().contains(pair)).orElse(true);
    }

    private List<AccountRegion> pairs() {
        List<AccountRegion> all = new ArrayList<>();
        for (AccountScope account : policy.scope().accounts()) {
            for (String region : policy.scope().regions()) {
                all.add(new AccountRegion(account.accountId(), region));
            }
        }
        return all;
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
        Optional<AccountScope> account = account(event.accountId());
        if (account.isEmpty() || !policy.scope().regions().contains(event.region())) {
            return Outcome.IGNORED;
        }
        if (event.sessionId().isPresent() && !event.type().changesDocument()
                && !holds(new AccountRegion(event.accountId(), event.region()))) {
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
                auditPreferences(account.get(), event.region());
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
            verdicts.forEach(v -> live.upsert(h, Governance.activeSession(key.pair(), v, seenAt)));
            return true;
        });
        if (claimed) {
            verdicts.forEach(v -> track(key.pair(), v));
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
                    verdicts.forEach(v -> live.upsert(h, Governance.activeSession(key.pair(), v, seenAt)));
                    if (!verdicts.isEmpty()) {
                        changes.announce(h, new LiveViewChanges.Change(key, true));
                    }
                    return null;
                });
            }
            case TERMINATE_SESSION -> commits.write(h -> forgetEnded(h, key, event.time())
                    && announce(h, new LiveViewChanges.Change(key, false)));
            default -> throw new IllegalStateException("not a session event: " + event.type());
        }
    }

    /** A TerminateSession event: the session ended (claimed with it, in one commit). */
    private boolean endedByEvent(SessionKey key, SessionEvent event) {
        boolean claimed = commits.write(h -> claim(h, event) && forgetEnded(h, key, event.time()));
        if (claimed) {
            timers.cancel(key);
            active.remove(key);
        }
        return claimed;
    }

    private void ended(SessionKey key, Instant at) {
        commits.write(h -> forgetEnded(h, key, at));
        timers.cancel(key);
        active.remove(key);
    }

    private boolean announce(Handle h, LiveViewChanges.Change change) {
        changes.announce(h, change);
        return true;
    }

    /** Remembers that the session ended and takes it out of the live view; true. */
    private boolean forgetEnded(Handle h, SessionKey key, Instant at) {
        ledger.markEnded(h, key, at);
        live.remove(h, key.accountId(), key.region(), key.sessionId());
        return true;
    }

    /** An UpdateDocument or UpdateDocumentDefaultVersion: the preference audit of that account × region. */
    private void auditPreferences(AccountScope account, String region) {
        governance.auditPreferences(onePair(account, region), false);
    }

    /** The policy narrowed to one account × region. */
    private Policy onePair(AccountScope account, String region) {
        return new Policy(new Scope(List.of(account), List.of(region)), policy.tiers(), policy.defaultTier(),
                policy.exemptions(), policy.dryRun(), policy.warningLead(), policy.ownerTag(), policy.alerts());
    }

    /** Sets the timers of a session not tracked yet. */
    private void track(AccountRegion pair, SessionVerdict v) {
        if (!holds(pair)) {
            return;
        }
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
        Optional<EffectClaims.Claim> claim = Optional.empty();
        if (share.isPresent()) {
            // Sent at most once: not when another holder sent it or may have (a resumed claim).
            claim = claimEffect(key, EffectKeys.warning(key.pair(), key.sessionId()));
            if (claim.isEmpty() || claim.get().resumed()) {
                return;
            }
        } else if (!sentWarnings.take(key, clock.instant())) {
            return;     // sent before this process started
        }
        long minutes = (Duration.between(clock.instant(), s.limitAt()).toSeconds() + 59) / 60;
        Optional<EffectClaims.Claim> sent = claim;
        alert("Warden: session " + key.sessionId() + " ends in " + minutes + " min (tier " + s.tier()
                + " maximum)", describe(s) + ": terminated at " + s.limitAt(),
                () -> sent.ifPresent(c -> claims.orElseThrow().complete(c, List.of())));
    }

    /** Claims an effect under the lease of its session's pair; empty when it is not this replica's to do. */
    private Optional<EffectClaims.Claim> claimEffect(SessionKey key, String effect) {
        Optional<Lease> lease = share.orElseThrow().lease(key.pair());
        if (lease.isEmpty()) {
            return Optional.empty();
        }
        try {
            return claims.orElseThrow().claim(lease.get(), effect);
        } catch (LeaseLostException e) {
            return Optional.empty();
        }
    }

    private boolean spared(WatchedSession s) {
        return policy.exemptions().stream().anyMatch(e -> e.covers(s.principal(), s.target())
                && e.isActiveAt(s.limitAt()));
    }

    private void alert(String subject, String line) {
        alert(subject, line, () -> { });
    }

    private void alert(String subject, String line, Runnable afterSending) {
        alerts.execute(() -> {
            try {
                governance.alert(policy, subject, List.of(line));
                afterSending.run();
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
        if (active.transition(key, NOT_ENDING, WatchedSession.State.ENDING)) {
            endIfOver(key, session.get(), false);
        }
    }

    /**
     * Sets a session's idle check at the moment it would be idle for its tier's idle limit, as a pass saw its last
     * activity (CloudWatch-logged sessions only: for the others activity is unknown, never idle).
     */
    private void armIdleCheck(AccountRegion pair, SessionVerdict v, Instant seenAt) {
        SessionKey key = keyOf(pair, v);
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
            AccountScope account = account(key.accountId()).orElseThrow();
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
            if (share.isPresent() && v.terminate().isPresent()) {
                if (share.get().lease(key.pair()).isEmpty()) {
                    // Not this replica's to act on now (a renewal is late): look again shortly, not at the next
                    // pass, minutes away. Should the pair be lost meanwhile, its next holder ends the session.
                    active.transition(key, EnumSet.of(WatchedSession.State.ENDING), s.state());
                    timers.at(key, SessionTimers.Kind.END, clock.instant().plus(settings.leasePeriod().orElseThrow()
                            .dividedBy(8)), () -> due(key));
                    return;
                }
                claim = claimEffect(key, EffectKeys.termination(key.pair(), key.sessionId()));
                if (claim.isEmpty()) {
                    // Terminated by another holder already (or the lease was lost just now).
                    timers.cancel(key);
                    active.remove(key);
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
                claims.orElseThrow().complete(claim.get(), acted);
            } else {
                outcome = governance.act(policy, account, key.region(), v);
            }
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
        share.ifPresent(PairShare::close);
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
        commits.close();
    }
}
