package dev.warden.governance.watch;

import dev.warden.governance.Governance;
import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.events.CloudTrailEvents;
import dev.warden.governance.events.EventDispatcher;
import dev.warden.governance.events.EventIntake;
import dev.warden.governance.events.EventLedger;
import dev.warden.governance.events.SessionEvent;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.policy.AccountScope;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.store.GroupCommit;
import dev.warden.governance.store.LiveViewChanges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Handle;

/**
 * Watch's event path: StartSession and ResumeSession set a session's timers, TerminateSession cancels them, a
 * document change audits the preferences of its account × region; each event acted on once however often it is
 * delivered (the ledger), several at a time and each session's in order (the dispatcher). Events of a pair another
 * replica holds only keep the live view in step, for that replica to hear.
 */
final class SessionEventHandler implements EventIntake, AutoCloseable {

    private final Governance governance;
    private final Policy policy;
    private final Clock clock;
    private final WatchListener listener;
    private final EventLedger ledger;
    /** The event threads' small writes, committed together. */
    private final GroupCommit commits;
    private final LiveViewWrites liveView;
    /** With leases: what this replica writes for the pairs another holds, announced to it. */
    private final LiveViewChanges changes;
    /** A session as it is now, judged, for an event that names it. */
    private final SessionLookup lookup;
    private final WatchedSessions active;
    private final SessionDeadlines deadlines;
    private final Optional<PairLeases> leases;
    /** Handles events several at a time, each session's in order. */
    private final EventDispatcher dispatcher;

    SessionEventHandler(Governance governance, Policy policy, Clock clock, WatchSettings settings,
                        WatchListener listener, EventLedger ledger, GroupCommit commits, LiveViewWrites liveView,
                        LiveViewChanges changes, SessionLookup lookup, WatchedSessions active,
                        SessionDeadlines deadlines, Optional<PairLeases> leases) {
        this.governance = governance;
        this.policy = policy;
        this.clock = clock;
        this.listener = listener;
        this.ledger = ledger;
        this.commits = commits;
        this.liveView = liveView;
        this.changes = changes;
        this.lookup = lookup;
        this.active = active;
        this.deadlines = deadlines;
        this.leases = leases;
        this.dispatcher = new EventDispatcher(settings.eventThreads(), settings.eventBacklog(), this::handleReporting);
    }

    /** Queues the event for handling (events of other calls are settled at once as ignored). */
    @Override
    public Optional<CompletableFuture<Outcome>> offer(String body) {
        Optional<SessionEvent> parsed = CloudTrailEvents.parse(body);
        if (parsed.isEmpty()) {
            return Optional.of(CompletableFuture.completedFuture(Outcome.IGNORED));
        }
        return dispatcher.offer(parsed.get());
    }

    /** Offers one event body and waits for its outcome: a delivery one at a time, as a test or a tool makes it. */
    Outcome accept(String body) {
        return offer(body).orElseThrow(() -> new IllegalStateException("too many events waiting; try again"))
                .join();
    }

    /** Events waiting or being handled now. */
    int pending() {
        return dispatcher.pending();
    }

    private Outcome handleReporting(SessionEvent event) {
        Outcome outcome = handle(event);
        listener.eventHandled(event, outcome, Duration.between(event.time(), clock.instant()));
        return outcome;
    }

    /** Acts on one event, once however often it is delivered. */
    Outcome handle(SessionEvent event) {
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

    /** Stops taking events; those still waiting are dropped, for their sources to deliver again. */
    @Override
    public void close() {
        dispatcher.close();
    }
}
