package dev.warden.governance;

import static dev.warden.governance.testing.GovernedSandbox.DB_PROD;
import static dev.warden.governance.testing.GovernedSandbox.SCRATCH;
import static dev.warden.governance.testing.GovernedSandbox.WEB_DEV;
import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.governance.alert.Alerter;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.judge.FindingType;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.kpi.KpiReport;
import dev.warden.governance.kpi.Kpis;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.ActiveSession;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.SessionFilter;
import dev.warden.governance.store.SessionPage;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import dev.warden.sandbox.testing.SandboxFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SessionState;

/**
 * Review and enforcement end to end: the real sandbox over real sockets, the engine's AWS SDK clients, a real
 * store (SQLite and PostgreSQL). Sessions are aged by moving the sandbox's clock, which the engine shares.
 */
class GovernanceEnforcementTest {

    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";

    @TempDir
    Path dir;

    private final SandboxFixture sandbox = GovernedSandbox.start();
    private final AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(SandboxFixture.ALICE),
            Optional.of(sandbox.endpoint()));

    @AfterEach
    void stop() {
        aws.close();
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void onePassTerminatesExactlyTheViolatorsAndAnExemptionProtectsUntilItExpires(StoreKind kind) {
        Instant exemptionExpires = sandbox.clock().instant().plus(Duration.ofHours(3));
        Policy policy = policy(exemptionExpires, 480, "");
        String prodOld = start(SandboxFixture.ALICE, WEB_PROD);
        String devOld = start(SandboxFixture.ALICE, WEB_DEV);
        String dbByBob = start(SandboxFixture.BOB, DB_PROD);
        String scratch = start(SandboxFixture.ALICE, SCRATCH);
        sandbox.clock().advance(Duration.ofMinutes(60));
        String prodNew = start(SandboxFixture.ALICE, WEB_PROD);
        sandbox.clock().advance(Duration.ofMinutes(30));

        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, sandbox.clock());
            Governance governance = new Governance(aws, trail, sandbox.clock(), Duration.ofSeconds(30));

            String firstWeek = Kpis.week(sandbox.clock().instant());
            PassReport first = governance.enforce(policy);

            assertThat(first.complete()).isTrue();
            assertThat(first.pairs().get(0).terminations()).extracting(TerminationOutcome::sessionId)
                    .containsExactly(prodOld);
            assertThat(active()).containsExactlyInAnyOrder(devOld, dbByBob, scratch, prodNew);
            TerminationOutcome done = first.pairs().get(0).terminations().get(0);
            assertThat(done.status()).isEqualTo(TerminationOutcome.Status.TERMINATED);
            assertThat(done.timeToTerminate()).hasValueSatisfying(t ->
                    assertThat(t).isBetween(Duration.ofMinutes(30), Duration.ofMinutes(31)));

            SessionVerdict bobs = verdict(first, dbByBob);
            assertThat(bobs.protectedBy()).isPresent();
            assertThat(verdict(first, scratch).findings()).extracting(f -> f.type())
                    .contains(FindingType.UNTAGGED_TARGET);
            assertThat(verdict(first, scratch).tier().name()).isEqualTo("untagged");
            assertThat(verdict(first, devOld).owner()).contains("team-web");

            List<AuditRecord> uses = trail.records(RecordKind.EXEMPTION_USE, Instant.EPOCH, far());
            assertThat(uses).singleElement().satisfies(r -> {
                assertThat(r.subject().sessionId()).isEqualTo(dbByBob);
                assertThat(Payloads.decode(r.payload()).get("ticket").asText()).isEqualTo("INC-4711");
            });
            JsonNode action = Payloads.decode(trail.records(RecordKind.ACTION, Instant.EPOCH, far()).get(0).payload());
            assertThat(action.get("outcome").asText()).isEqualTo("TERMINATED");
            assertThat(action.get("reason").asText()).contains("over the maximum of tier prod (60 min)");
            assertThat(action.get("principal").asText()).isEqualTo(ALICE);

            // Past the exemption's expiry: Bob's session ends now, its limit counted from the expiry.
            sandbox.clock().advance(Duration.ofHours(3));
            String secondWeek = Kpis.week(sandbox.clock().instant());
            PassReport second = governance.enforce(policy);
            assertThat(second.pairs().get(0).terminations()).extracting(TerminationOutcome::sessionId)
                    .containsExactlyInAnyOrder(dbByBob, scratch, prodNew);
            assertThat(active()).containsExactly(devOld);
            TerminationOutcome bobEnd = second.pairs().get(0).terminations().stream()
                    .filter(t -> t.sessionId().equals(dbByBob)).findFirst().orElseThrow();
            // Expired at t0+3h, ended at t0+4h30.
            assertThat(bobEnd.timeToTerminate()).hasValueSatisfying(t ->
                    assertThat(t).isBetween(Duration.ofMinutes(90), Duration.ofMinutes(91)));
            assertThat(trail.records(RecordKind.FINDING, Instant.EPOCH, far())).extracting(r ->
                    Payloads.decode(r.payload()).get("finding").asText()).contains("EXEMPTION_EXPIRED");
            assertThat(trail.verify().intact()).isTrue();

            // The KPIs of this run. Over the maximum: prod had prodOld and Bob's (first pass), Bob's and prodNew
            // (second pass); untagged had scratch (second pass). Usually one ISO week, two near Monday 00:00 UTC.
            KpiReport kpis = Kpis.compute(trail, Instant.EPOCH, far());
            Map<String, Map<String, Set<String>>> expected = new TreeMap<>();
            expected.computeIfAbsent(firstWeek, w -> new TreeMap<>()).computeIfAbsent("prod", t -> new HashSet<>())
                    .addAll(List.of(prodOld, dbByBob));
            expected.computeIfAbsent(secondWeek, w -> new TreeMap<>()).computeIfAbsent("prod", t -> new HashSet<>())
                    .addAll(List.of(dbByBob, prodNew));
            expected.get(secondWeek).computeIfAbsent("untagged", t -> new HashSet<>()).add(scratch);
            List<String> expectedCounts = new ArrayList<>();
            expected.forEach((w, tiers) -> tiers.forEach((t, s) -> expectedCounts.add(w + " " + t + " " + s.size())));
            assertThat(kpis.overMaxPerWeekAndTier()).extracting(c -> c.week() + " " + c.tier() + " " + c.sessions())
                    .containsExactlyElementsOf(expectedCounts);
            // Times to terminate: 30 (prodOld), 90 (Bob), 150 (scratch: max 2h at t0+2h), 150 (prodNew) minutes.
            assertThat(kpis.terminations()).isEqualTo(4);
            assertThat(kpis.meanTimeToTerminate()).hasValueSatisfying(m ->
                    assertThat(m).isBetween(Duration.ofMinutes(105), Duration.ofMinutes(106)));
            assertThat(kpis.p90TimeToTerminate()).hasValueSatisfying(p ->
                    assertThat(p).isBetween(Duration.ofMinutes(150), Duration.ofMinutes(151)));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void eachPassKeepsTheLiveViewOfActiveSessions(StoreKind kind) {
        Instant t0 = sandbox.clock().instant();
        String prodOld = start(SandboxFixture.ALICE, WEB_PROD);
        String devOld = start(SandboxFixture.ALICE, WEB_DEV);
        sandbox.clock().advance(Duration.ofMinutes(70));
        try (GovernanceStore store = kind.open(dir)) {
            ActiveSessions live = new ActiveSessions(store);
            Governance governance = new Governance(aws, new AuditTrail(store, sandbox.clock()), sandbox.clock(),
                    Duration.ofSeconds(30), new Alerter(aws, 1, Duration.ZERO), Optional.of(live));
            Policy policy = policy(t0, 480, "");

            governance.review(policy);
            SessionPage all = live.page(SessionFilter.ALL, 0, 10);
            assertThat(all.total()).isEqualTo(2);
            assertThat(all.sessions()).extracting(ActiveSession::sessionId).containsExactly(prodOld, devOld);
            ActiveSession prod = all.sessions().get(0);
            assertThat(prod.tier()).isEqualTo("prod");
            assertThat(prod.principal()).isEqualTo(ALICE);
            assertThat(prod.deadline()).contains(prod.startedAt().plus(Duration.ofMinutes(60)));
            assertThat(live.find(SandboxFixture.ACCOUNT, "us-east-1", devOld).orElseThrow().ownerTag())
                    .contains("team-web");

            governance.enforce(policy);
            assertThat(live.page(SessionFilter.ALL, 0, 10).sessions()).extracting(ActiveSession::sessionId)
                    .as("the terminated prod session leaves the view").containsExactly(devOld);

            terminateAtTheService(devOld);
            governance.review(policy);
            assertThat(live.page(SessionFilter.ALL, 0, 10).total()).as("a session ended elsewhere leaves too")
                    .isZero();
        }
    }

    @Test
    void aDryRunTerminatesNothingAndRecordsWhatItWouldHaveDone() {
        Policy policy = policy(sandbox.clock().instant(), 480, "").withDryRun(true);
        String prod = start(SandboxFixture.ALICE, WEB_PROD);
        String dev = start(SandboxFixture.ALICE, WEB_DEV);
        sandbox.clock().advance(Duration.ofMinutes(90));
        try (GovernanceStore store = StoreKind.SQLITE.open(dir)) {
            AuditTrail trail = new AuditTrail(store, sandbox.clock());
            PassReport report = new Governance(aws, trail, sandbox.clock(), Duration.ofSeconds(30)).enforce(policy);
            assertThat(report.pairs().get(0).terminations()).singleElement().satisfies(t -> {
                assertThat(t.sessionId()).isEqualTo(prod);
                assertThat(t.status()).isEqualTo(TerminationOutcome.Status.DRY_RUN);
            });
            assertThat(active()).containsExactlyInAnyOrder(prod, dev);
            assertThat(Payloads.decode(trail.records(RecordKind.ACTION, Instant.EPOCH, far()).get(0).payload())
                    .get("dryRun").asBoolean()).isTrue();
        }
    }

    @Test
    void tighteningThePolicyEndsSessionsThatWereCompliantBefore() {
        String dev = start(SandboxFixture.ALICE, WEB_DEV);
        sandbox.clock().advance(Duration.ofMinutes(90));
        try (GovernanceStore store = StoreKind.SQLITE.open(dir)) {
            Governance governance = new Governance(aws, new AuditTrail(store, sandbox.clock()), sandbox.clock(),
                    Duration.ofSeconds(30));
            assertThat(governance.enforce(policy(sandbox.clock().instant(), 480, "")).pairs().get(0).terminations())
                    .isEmpty();
            assertThat(active()).containsExactly(dev);

            PassReport stricter = governance.enforce(policy(sandbox.clock().instant(), 60, ""));
            assertThat(stricter.pairs().get(0).terminations()).extracting(TerminationOutcome::sessionId)
                    .containsExactly(dev);
            assertThat(active()).isEmpty();
        }
    }

    @Test
    void aRegionThatCannotBeReadIsRecordedAndTheRestOfThePassIsStillDone() {
        String prod = start(SandboxFixture.ALICE, WEB_PROD);
        sandbox.clock().advance(Duration.ofMinutes(90));
        // The sandbox answers for us-east-1 only: eu-west-1's signatures are refused.
        Policy policy = policy(sandbox.clock().instant(), 480, ", eu-west-1");
        try (GovernanceStore store = StoreKind.SQLITE.open(dir)) {
            AuditTrail trail = new AuditTrail(store, sandbox.clock());
            PassReport report = new Governance(aws, trail, sandbox.clock(), Duration.ofSeconds(30)).enforce(policy);
            assertThat(report.complete()).isFalse();
            assertThat(report.pairs()).hasSize(2);
            assertThat(report.pairs().get(0).terminations()).extracting(TerminationOutcome::sessionId)
                    .containsExactly(prod);
            PairReport failed = report.pairs().get(1);
            assertThat(failed.pair().region()).isEqualTo("eu-west-1");
            assertThat(failed.error()).hasValueSatisfying(e ->
                    assertThat(e).startsWith("cannot read sessions of 123456789012/eu-west-1: "));
            assertThat(trail.records(RecordKind.ERROR, Instant.EPOCH, far())).singleElement()
                    .satisfies(r -> assertThat(r.subject().region()).isEqualTo("eu-west-1"));
            assertThat(active()).isEmpty();
        }
    }

    @Test
    void theReviewReadsEveryPageOfSessions() {
        for (int i = 0; i < 230; i++) {
            start(SandboxFixture.ALICE, i % 2 == 0 ? WEB_DEV : SCRATCH);
        }
        try (GovernanceStore store = StoreKind.SQLITE.open(dir)) {
            AuditTrail trail = new AuditTrail(store, sandbox.clock());
            PassReport report = new Governance(aws, trail, sandbox.clock(), Duration.ofSeconds(30))
                    .review(policy(sandbox.clock().instant(), 480, ""));
            assertThat(report.pairs().get(0).verdicts()).hasSize(230)
                    .extracting(v -> v.session().sessionId()).doesNotHaveDuplicates();
            assertThat(trail.records(RecordKind.OBSERVATION, Instant.EPOCH, far())).hasSize(231);
        }
    }

    @Test
    void aManualTerminationIsDoneAndRecordedWithTheOperatorsReason() {
        String dev = start(SandboxFixture.ALICE, WEB_DEV);
        Policy policy = policy(sandbox.clock().instant(), 480, "");
        try (GovernanceStore store = StoreKind.SQLITE.open(dir)) {
            AuditTrail trail = new AuditTrail(store, sandbox.clock());
            TerminationOutcome outcome = new Governance(aws, trail, sandbox.clock(), Duration.ofSeconds(30))
                    .terminate(policy, policy.scope().accounts().get(0), "us-east-1", dev, "INC-9 suspicious");
            assertThat(outcome.status()).isEqualTo(TerminationOutcome.Status.TERMINATED);
            assertThat(active()).isEmpty();
            JsonNode action = Payloads.decode(trail.records(RecordKind.ACTION, Instant.EPOCH, far()).get(0).payload());
            assertThat(action.get("reason").asText()).isEqualTo("INC-9 suspicious");
            assertThat(action.get("manual").asBoolean()).isTrue();
        }
    }

    private Policy policy(Instant exemptionExpires, int devMax, String moreRegions) {
        return PolicyLoader.parse("""
                scope:
                  accounts: [{id: "123456789012"}]
                  regions: [us-east-1%s]
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
                  - {name: dev, match: {Environment: dev}, idleMinutes: 60, maxMinutes: %d}
                defaultTier: {name: untagged, idleMinutes: 20, maxMinutes: 120}
                exemptions:
                  - principal: "arn:aws:iam::*:user/bob"
                    target: %s
                    ticket: INC-4711
                    expires: %s
                """.formatted(moreRegions, devMax, DB_PROD, exemptionExpires), "test-policy.yaml");
    }

    private String start(AwsCredentials who, String target) {
        try (SsmClient ssm = sandbox.ssm(who)) {
            return ssm.startSession(r -> r.target(target)).sessionId();
        }
    }

    private void terminateAtTheService(String sessionId) {
        try (SsmClient ssm = sandbox.ssm()) {
            ssm.terminateSession(r -> r.sessionId(sessionId));
        }
    }

    private Set<String> active() {
        try (SsmClient ssm = sandbox.ssm()) {
            return ssm.describeSessions(r -> r.state(SessionState.ACTIVE)).sessions().stream()
                    .map(s -> s.sessionId()).collect(Collectors.toSet());
        }
    }

    private static SessionVerdict verdict(PassReport report, String sessionId) {
        return report.pairs().get(0).verdicts().stream().filter(v -> v.session().sessionId().equals(sessionId))
                .findFirst().orElseThrow();
    }

    private static Instant far() {
        return Instant.parse("2100-01-01T00:00:00Z");
    }
}
