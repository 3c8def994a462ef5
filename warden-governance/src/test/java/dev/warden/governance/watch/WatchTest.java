package dev.warden.governance.watch;

import static dev.warden.governance.testing.GovernedSandbox.WEB_DEV;
import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.events.EventIntake;
import dev.warden.governance.lease.EffectClaims;
import dev.warden.governance.lease.EffectKeys;
import dev.warden.governance.lease.Lease;
import dev.warden.governance.lease.LeaseStore;
import dev.warden.governance.lease.LeaseUnits;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.governance.store.ActiveSession;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionState;

/**
 * {@code warden govern watch} on the sandbox: a session is terminated within 2 seconds of its tier's maximum, its
 * warning sent before; events delivered several times, replayed or out of order change nothing; without events
 * the safety-net pass still terminates within one interval; a wrong API key is refused and changes nothing;
 * events keep the store's live view in step; a replica that does not hold a session's pair writes the live view
 * only and leaves the event to the holder.
 */
class WatchTest {

    /** What the issue demands: from the limit to the confirmed end. */
    private static final Duration TERMINATION_BOUND = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";

    @TempDir
    Path dir;

    private WatchRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aSessionAtItsTiersMaximumIsTerminatedWithinTwoSecondsItsWarningSentBefore() {
        rig = new WatchRig(dir, StoreKind.SQLITE, """
                events:
                  http: {url: "%s", headerName: x-api-key, headerValue: test-events-key-7f3a}
                """);
        // A pass interval far beyond the test: only the StartSession event can set the timer.
        rig.startWatch(Duration.ofHours(1));
        String session = rig.startProdSessionReachingLimitIn(WEB_PROD, Duration.ofSeconds(4));

        Session ended = await().atMost(WAIT).until(() -> rig.ended(session).orElse(null), s -> s != null);
        Instant limit = ended.startDate().plus(WatchRig.PROD_MAX);
        Duration limitToEnd = Duration.between(limit, ended.endDate());
        assertThat(limitToEnd).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(TERMINATION_BOUND);

        await().atMost(WAIT).until(() -> !rig.records(RecordKind.ACTION, session).isEmpty());
        assertThat(rig.records(RecordKind.ACTION, session)).hasSize(1);
        JsonNode action = Payloads.decode(rig.records(RecordKind.ACTION, session).get(0).payload());
        assertThat(action.get("outcome").asText()).isEqualTo("TERMINATED");
        assertThat(action.get("manual").asBoolean()).isFalse();
        assertThat(action.get("tier").asText()).isEqualTo("prod");
        assertThat(action.get("principal").asText()).isEqualTo(ALICE);
        assertThat(action.get("timeToTerminateMillis").asLong()).isEqualTo(limitToEnd.toMillis());

        List<AlertReceiver.Received> warnings = rig.alerts.containing(session + " ends in");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).text()).contains(ALICE).contains("Owner: team-web").contains("tier prod");
        assertThat(warnings.get(0).at()).isBefore(ended.endDate());
        assertThat(rig.watch.get().watchedSessions().get(key(session))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void eventsDeliveredSeveralTimesReplayedOrOutOfOrderChangeNothing(StoreKind store) throws Exception {
        // Every event twice on each of two targets: four deliveries, racing on the endpoint and the queue.
        rig = new WatchRig(dir, store, """
                events:
                  sqsQueue: ssm-events
                  duplicateRate: 1.0
                  http: {url: "%s", headerName: x-api-key, headerValue: test-events-key-7f3a}
                """);
        rig.startWatch(Duration.ofHours(1));
        rig.readQueue();
        String session = rig.startProdSessionReachingLimitIn(WEB_PROD, Duration.ofSeconds(4));
        await().atMost(WAIT).until(() -> rig.records(RecordKind.ACTION, session).size() == 1);

        // Watch's own TerminateSession comes back as an event, four times; then every event is replayed.
        await().atMost(WAIT).until(() -> eventsNamed("TerminateSession").size() == 1);
        for (ObjectNode event : rig.sandbox.server().events().emitted()) {
            assertThat(rig.post(event.toString(), WatchRig.API_KEY)).isEqualTo(202);
            assertThat(rig.watch.get().accept(event.toString())).isEqualTo(EventIntake.Outcome.DUPLICATE);
        }
        // Out of order: a session's TerminateSession arrives before its StartSession (with an id never seen).
        String other = rig.ssm.startSession(r -> r.target(WEB_DEV)).sessionId();
        await().atMost(WAIT).until(() -> rig.watch.get().watchedSessions().get(key(other)).isPresent());
        rig.ssm.terminateSession(r -> r.sessionId(other));
        await().atMost(WAIT).until(() -> rig.watch.get().watchedSessions().get(key(other)).isEmpty());
        ObjectNode lateStart = eventsNamed("StartSession").stream()
                .filter(e -> e.path("detail").path("responseElements").path("sessionId").asText().equals(other))
                .findFirst().orElseThrow().deepCopy();
        lateStart.put("id", UUID.randomUUID().toString());
        assertThat(rig.post(lateStart.toString(), WatchRig.API_KEY)).isEqualTo(202);
        await().atMost(WAIT).until(() -> rig.watch.get().pendingEvents() == 0);
        assertThat(rig.watch.get().watchedSessions().get(key(other))).isEmpty();

        assertThat(rig.records(RecordKind.ACTION, session)).hasSize(1);
        assertThat(rig.records(RecordKind.ACTION, other)).isEmpty();
        assertThat(eventsNamed("TerminateSession")).hasSize(2); // watch's one, and the test's own
        assertThat(rig.alerts.containing(session + " ends in")).hasSize(1);
        assertThat(rig.alerts.containing(other)).isEmpty();
    }

    @Test
    void aWatchRestartedBeforeTheLimitDoesNotSendTheWarningAgainAndTerminatesOnce() {
        rig = new WatchRig(dir, StoreKind.SQLITE, """
                events:
                  http: {url: "%s", headerName: x-api-key, headerValue: test-events-key-7f3a}
                """);
        SessionWatch first = rig.startWatch(Duration.ofHours(1));
        String session = rig.startProdSessionReachingLimitIn(WEB_PROD, Duration.ofSeconds(8));
        await().atMost(WAIT).until(() -> rig.alerts.containing(session + " ends in").size() == 1);
        first.close();

        // A new process on the same store: its first pass finds the session and sets its timers again, the warning
        // timer already due.
        rig.startWatch(Duration.ofHours(1));
        await().atMost(WAIT).until(() -> rig.watch.get().watchedSessions().get(key(session)).isPresent());
        Session ended = await().atMost(WAIT).until(() -> rig.ended(session).orElse(null), s -> s != null);
        await().atMost(WAIT).until(() -> rig.records(RecordKind.ACTION, session).size() == 1);
        await().atMost(WAIT).until(() -> !rig.alerts.containing(session + " terminated").isEmpty());

        assertThat(rig.alerts.containing(session + " ends in")).hasSize(1);
        assertThat(rig.alerts.containing(session + " terminated")).hasSize(1);
        assertThat(rig.records(RecordKind.ACTION, session)).hasSize(1);
        assertThat(Duration.between(ended.startDate().plus(WatchRig.PROD_MAX), ended.endDate()))
                .isBetween(Duration.ZERO, TERMINATION_BOUND);
    }

    @Test
    void aBurstOfStartSessionsOnOneTargetLooksItsTagsUpOnce() {
        rig = new WatchRig(dir, StoreKind.SQLITE, """
                events:
                  http: {url: "%s", headerName: x-api-key, headerValue: test-events-key-7f3a}
                """);
        rig.startWatch(Duration.ofHours(1));
        await().atMost(WAIT).until(() -> !rig.trail.records(RecordKind.OBSERVATION, Instant.EPOCH,
                Instant.parse("2100-01-01T00:00:00Z")).isEmpty());
        long before = rig.sandbox.server().apiCalls().count("ssm", "ListTagsForResource");
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sessions.add(rig.ssm.startSession(r -> r.target(WEB_PROD)).sessionId());
        }

        for (String s : sessions) {
            await().atMost(WAIT).until(() -> rig.watch.get().watchedSessions().get(key(s)).isPresent());
            assertThat(rig.watch.get().watchedSessions().get(key(s)).orElseThrow().tier()).isEqualTo("prod");
        }
        // Each event still reads its session (DescribeSessions); the target's tags were read for the first only.
        assertThat(rig.sandbox.server().apiCalls().count("ssm", "ListTagsForResource") - before).isEqualTo(1);
    }

    @Test
    void withoutEventsTheSafetyNetPassStillTerminatesWithinOneInterval() {
        rig = new WatchRig(dir, StoreKind.SQLITE, "");
        Duration interval = Duration.ofSeconds(3);
        rig.startWatch(interval);
        // Already over its maximum when it starts, and no event says so: only a pass can find it.
        String session = rig.startProdSessionReachingLimitIn(WEB_PROD, Duration.ofSeconds(-1));
        Instant started = Instant.now();

        Session ended = await().atMost(WAIT).until(() -> rig.ended(session).orElse(null), s -> s != null);
        assertThat(Duration.between(started, ended.endDate())).isLessThanOrEqualTo(interval.plus(TERMINATION_BOUND));
        await().atMost(WAIT).until(() -> rig.records(RecordKind.ACTION, session).size() == 1);
        assertThat(Payloads.decode(rig.records(RecordKind.ACTION, session).get(0).payload()).get("outcome").asText())
                .isEqualTo("TERMINATED");
    }

    @Test
    void aWrongOrMissingApiKeyIsRefusedAndChangesNothing() throws Exception {
        rig = new WatchRig(dir, StoreKind.SQLITE, "");
        rig.startWatch(Duration.ofHours(1));
        await().atMost(WAIT).until(() -> !rig.trail.records(RecordKind.OBSERVATION, Instant.EPOCH,
                Instant.parse("2100-01-01T00:00:00Z")).isEmpty());
        String session = rig.ssm.startSession(r -> r.target(WEB_PROD)).sessionId();
        String event = rig.sandbox.server().events().emitted().get(0).toString();

        assertThat(rig.post(event, "wrong-key")).isEqualTo(401);
        assertThat(rig.post(event, null)).isEqualTo(401);
        assertThat(rig.post(event, WatchRig.API_KEY + "x")).isEqualTo(401);
        assertThat(rig.watch.get().watchedSessions().get(key(session))).isEmpty();

        // The refused deliveries left no trace: the event is new when it comes with the key.
        assertThat(rig.post(event, WatchRig.API_KEY)).isEqualTo(202);
        await().atMost(WAIT).until(() -> rig.watch.get().watchedSessions().get(key(session)).isPresent());
        assertThat(rig.post("{\"not\": \"an event\"", WatchRig.API_KEY)).isEqualTo(400);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void eventsKeepTheStoresLiveViewInStep(StoreKind store) {
        rig = new WatchRig(dir, store, """
                events:
                  http: {url: "%s", headerName: x-api-key, headerValue: test-events-key-7f3a}
                """);
        // The rig's engine keeps no live view and the only pass ran before the session started: events alone
        // write it.
        rig.startWatch(Duration.ofHours(1));
        await().atMost(WAIT).until(() -> !rig.trail.records(RecordKind.OBSERVATION, Instant.EPOCH,
                Instant.parse("2100-01-01T00:00:00Z")).isEmpty());
        ActiveSessions live = new ActiveSessions(rig.store);
        String session = rig.ssm.startSession(r -> r.target(WEB_PROD)).sessionId();

        ActiveSession seen = await().atMost(WAIT)
                .until(() -> live.find(GovernedSandbox.ACCOUNT, "us-east-1", session).orElse(null), s -> s != null);
        Session listed = rig.ssm.describeSessions(r -> r.state(SessionState.ACTIVE)).sessions().stream()
                .filter(s -> s.sessionId().equals(session)).findFirst().orElseThrow();
        assertThat(seen.tier()).isEqualTo("prod");
        assertThat(seen.principal()).isEqualTo(ALICE);
        assertThat(seen.deadline()).contains(listed.startDate().plus(WatchRig.PROD_MAX));

        rig.ssm.terminateSession(r -> r.sessionId(session));
        await().atMost(WAIT).until(() -> live.find(GovernedSandbox.ACCOUNT, "us-east-1", session).isEmpty());
        assertThat(rig.watch.get().watchedSessions().get(key(session))).isEmpty();
        assertThat(rig.records(RecordKind.ACTION, session)).isEmpty();
    }

    @Test
    void aReplicaThatDoesNotHoldThePairWritesTheLiveViewOnlyAndLeavesTheEventToTheHolder() {
        rig = new WatchRig(dir, StoreKind.POSTGRES, """
                events:
                  sqsQueue: ssm-events
                """);
        Optional<Duration> leases = Optional.of(Duration.ofSeconds(2));
        SessionWatch holder = rig.startWatch(new WatchSettings(Duration.ofHours(1), 4, leases));
        LeaseStore leaseStore = new LeaseStore(rig.store);
        String unit = LeaseUnits.pair(new AccountRegion(GovernedSandbox.ACCOUNT, "us-east-1"));
        await().atMost(WAIT).until(() -> leaseStore.find(unit).filter(l -> l.expiresAt().isAfter(Instant.now()))
                .isPresent());
        // The second replica starts once the first holds the only pair: it holds none.
        try (SessionWatch other = new SessionWatch(rig.governance, rig.aws, rig.store, rig.policy,
                Clock.systemUTC(), new WatchSettings(Duration.ofHours(1), 4, leases), rig.metrics.get())) {
            other.start();
            String session = rig.ssm.startSession(r -> r.target(WEB_PROD)).sessionId();
            String start = eventsNamed("StartSession").get(0).toString();

            assertThat(other.accept(start)).isEqualTo(EventIntake.Outcome.HANDLED);
            ActiveSessions live = new ActiveSessions(rig.store);
            assertThat(live.find(GovernedSandbox.ACCOUNT, "us-east-1", session)).isPresent();
            assertThat(other.watchedSessions().get(key(session))).isEmpty();

            // Not taken in the event ledger: the holder still handles it and sets the session's timers.
            assertThat(holder.accept(start)).isEqualTo(EventIntake.Outcome.HANDLED);
            assertThat(holder.watchedSessions().get(key(session))).isPresent();
            assertThat(holder.accept(start)).isEqualTo(EventIntake.Outcome.DUPLICATE);
        }
    }

    @Test
    void theHolderSetsTheTimersOfASessionWhoseEventReachedAnotherReplicaAtOnce() {
        // No event reaches watch but the one the test hands to the replica that does not hold the pair.
        rig = new WatchRig(dir, StoreKind.POSTGRES, "");
        Optional<Duration> leases = Optional.of(Duration.ofSeconds(2));
        // A pass interval far beyond the test: only the other replica's notification can set the holder's timers.
        SessionWatch holder = rig.startWatch(new WatchSettings(Duration.ofHours(1), 4, leases));
        LeaseStore leaseStore = new LeaseStore(rig.store);
        String unit = LeaseUnits.pair(new AccountRegion(GovernedSandbox.ACCOUNT, "us-east-1"));
        await().atMost(WAIT).until(() -> leaseStore.find(unit).filter(l -> l.expiresAt().isAfter(Instant.now()))
                .isPresent());
        try (SessionWatch other = new SessionWatch(rig.governance, rig.aws, rig.store, rig.policy,
                Clock.systemUTC(), new WatchSettings(Duration.ofHours(1), 4, leases), rig.metrics.get())) {
            other.start();
            String session = rig.startProdSessionReachingLimitIn(WEB_PROD, Duration.ofSeconds(6));
            String start = eventsNamed("StartSession").get(0).toString();

            assertThat(other.accept(start)).isEqualTo(EventIntake.Outcome.HANDLED);
            assertThat(other.watchedSessions().get(key(session))).isEmpty();
            await().atMost(WAIT).until(() -> holder.watchedSessions().get(key(session)).isPresent());

            Session ended = await().atMost(WAIT).until(() -> rig.ended(session).orElse(null), s -> s != null);
            assertThat(Duration.between(ended.startDate().plus(WatchRig.PROD_MAX), ended.endDate()))
                    .isBetween(Duration.ZERO, TERMINATION_BOUND);
            await().atMost(WAIT).until(() -> rig.records(RecordKind.ACTION, session).size() == 1);
            assertThat(rig.alerts.containing(session + " ends in")).hasSize(1);
        }
    }

    @Test
    void aTerminationAFormerHolderClaimedAndNeverRecordedIsRecordedAndAlertedOnceAtTakeOver() {
        rig = new WatchRig(dir, StoreKind.POSTGRES, "");
        AccountRegion pair = new AccountRegion(GovernedSandbox.ACCOUNT, "us-east-1");
        String unit = LeaseUnits.pair(pair);
        String session = rig.startProdSessionReachingLimitIn(WEB_PROD, Duration.ofMinutes(-1));
        // A former holder of the pair claimed the session's termination, ended it, and died before recording it.
        LeaseStore leaseStore = new LeaseStore(rig.store);
        leaseStore.register(List.of(unit));
        Lease dead = leaseStore.acquire("replica-that-died", List.of(unit), 1, Instant.now(), Duration.ofSeconds(1))
                .get(0);
        EffectClaims claims = new EffectClaims(rig.store, rig.trail, Clock.systemUTC());
        String effect = EffectKeys.termination(pair, session);
        assertThat(claims.claim(dead, effect)).isPresent();
        rig.ssm.terminateSession(r -> r.sessionId(session));
        assertThat(rig.ended(session)).isPresent();

        SessionWatch taker = rig.startWatch(new WatchSettings(Duration.ofHours(1), 4,
                Optional.of(Duration.ofSeconds(2))));
        await().atMost(WAIT).until(() -> claims.done(effect));
        List<AuditRecord> actions = rig.records(RecordKind.ACTION, session);
        assertThat(actions).hasSize(1);
        JsonNode action = Payloads.decode(actions.get(0).payload());
        assertThat(action.path("outcome").asText()).isEqualTo("TERMINATED");
        assertThat(action.path("recordedAtTakeOver").asBoolean()).isTrue();
        assertThat(action.path("confirmedEndAt").asText())
                .isEqualTo(rig.ended(session).orElseThrow().endDate().toString());
        await().atMost(WAIT).until(() -> rig.alerts.containing(session + " terminated").size() == 1);

        // A second take-over of the pair finds nothing left to settle.
        taker.close();
        rig.startWatch(new WatchSettings(Duration.ofHours(1), 4, Optional.of(Duration.ofSeconds(2))));
        await().atMost(WAIT).until(() -> leaseStore.find(unit).map(l -> l.fence() >= dead.fence() + 2)
                .orElse(false));
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        assertThat(rig.records(RecordKind.ACTION, session)).hasSize(1);
        assertThat(rig.alerts.containing(session + " terminated")).hasSize(1);
        assertThat(rig.trail.verify().intact()).isTrue();
    }

    private List<ObjectNode> eventsNamed(String name) {
        return rig.sandbox.server().events().emitted().stream()
                .filter(e -> e.path("detail").path("eventName").asText().equals(name)).toList();
    }

    private static SessionKey key(String sessionId) {
        return new SessionKey(GovernedSandbox.ACCOUNT, "us-east-1", sessionId);
    }
}
