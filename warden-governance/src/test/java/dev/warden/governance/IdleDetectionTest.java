package dev.warden.governance;

import static dev.warden.governance.testing.GovernedSandbox.DB_PROD;
import static dev.warden.governance.testing.GovernedSandbox.SCRATCH;
import static dev.warden.governance.testing.GovernedSandbox.WEB_DEV;
import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.judge.FindingType;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.GovernanceStore;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.SessionState;

/**
 * Idle detection against the sandbox: a session that logs to CloudWatch Logs shows its last activity in its log
 * stream; one idle past its tier's limit is terminated, one with recent activity is not, and one whose activity
 * cannot be known (no CloudWatch logging, or a log group that does not exist) is reported as unknown and left alone.
 */
class IdleDetectionTest {

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
    void anIdleLoggedSessionIsTerminatedAnActiveOneIsNotAndUnknownActivityIsNeverIdle(StoreKind kind) {
        try (SsmClient ssm = sandbox.ssm()) {
            shellDocument(ssm, "Logged-Shell", "/aws/ssm/encrypted");
            shellDocument(ssm, "Lost-Group-Shell", "/aws/ssm/does-not-exist");
            String idle = ssm.startSession(r -> r.target(WEB_PROD).documentName("Logged-Shell")).sessionId();
            String active = ssm.startSession(r -> r.target(DB_PROD).documentName("Logged-Shell")).sessionId();
            String unlogged = ssm.startSession(r -> r.target(SCRATCH)).sessionId();
            // A port session runs under the preferences (which log nowhere here): its document and theirs are read.
            String port = ssm.startSession(r -> r.target(SCRATCH).documentName("AWS-StartPortForwardingSession")
                    .parameters(Map.of("portNumber", List.of("80")))).sessionId();
            String lostGroup = ssm.startSession(r -> r.target(WEB_DEV).documentName("Lost-Group-Shell"))
                    .sessionId();
            sandbox.clock().advance(Duration.ofMinutes(10));
            sandbox.server().sessions().recordActivity(active);
            sandbox.clock().advance(Duration.ofMinutes(10));

            try (GovernanceStore store = kind.open(dir)) {
                AuditTrail trail = new AuditTrail(store, sandbox.clock());
                Governance governance = new Governance(aws, trail, sandbox.clock(), Duration.ofSeconds(30));

                PassReport review = governance.review(policy());
                // The sandbox's clock also moves with real time, hence the ranges.
                assertThat(verdict(review, idle).idle()).hasValueSatisfying(d ->
                        assertThat(d).isBetween(Duration.ofMinutes(20), Duration.ofMinutes(21)));
                assertThat(verdict(review, idle).findings()).extracting(f -> f.type())
                        .contains(FindingType.IDLE_OVER_LIMIT);
                assertThat(verdict(review, active).idle()).hasValueSatisfying(d ->
                        assertThat(d).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11)));
                assertThat(verdict(review, active).findings()).extracting(f -> f.type())
                        .doesNotContain(FindingType.IDLE_OVER_LIMIT);
                assertThat(verdict(review, unlogged).idle()).as("no CloudWatch logging: unknown").isEmpty();
                assertThat(verdict(review, port).idle()).as("a port session under unlogged preferences").isEmpty();
                assertThat(verdict(review, lostGroup).idle()).as("missing log group: unknown").isEmpty();
                assertThat(idleOf(trail, unlogged)).isEqualTo("unknown");
                assertThat(Long.parseLong(idleOf(trail, active))).isBetween(600L, 660L);

                PassReport pass = governance.enforce(policy());

                assertThat(pass.pairs().get(0).terminations()).singleElement().satisfies(t -> {
                    assertThat(t.sessionId()).isEqualTo(idle);
                    assertThat(t.status()).isEqualTo(TerminationOutcome.Status.TERMINATED);
                    // Idle from t0, the prod limit of 15 min crossed at t0+15, ended at t0+20.
                    assertThat(t.timeToTerminate()).hasValueSatisfying(d ->
                            assertThat(d).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(6)));
                });
                assertThat(activeSessions(ssm)).containsExactlyInAnyOrder(active, unlogged, lostGroup, port);
                JsonNode action = Payloads.decode(trail.records(RecordKind.ACTION, Instant.EPOCH, far()).get(0)
                        .payload());
                assertThat(action.get("reason").asText()).startsWith("idle beyond the limit of tier prod (15 min)");
                Instant idleStart = verdict(review, idle).session().startDate();
                assertThat(Instant.parse(action.get("limitCrossedAt").asText()))
                        .isBetween(idleStart.plus(Duration.ofMinutes(15)).minusSeconds(1),
                                idleStart.plus(Duration.ofMinutes(15)).plusSeconds(1));
                assertThat(trail.verify().intact()).isTrue();
            }
        }
    }

    @Test
    void manySessionsAreReadByPageNotByACallEach() {
        try (SsmClient ssm = sandbox.ssm()) {
            shellDocument(ssm, "Logged-Shell", "/aws/ssm/encrypted");
            List<String> active = new ArrayList<>();
            List<String> idle = new ArrayList<>();
            for (int i = 0; i < 360; i++) {
                (i < 300 ? active : idle).add(ssm.startSession(r -> r.target(WEB_DEV).documentName("Logged-Shell"))
                        .sessionId());
            }
            sandbox.clock().advance(Duration.ofMinutes(20));
            active.forEach(id -> sandbox.server().sessions().recordActivity(id));
            long before = sandbox.server().apiCalls().count("logs", "DescribeLogStreams");

            try (GovernanceStore store = StoreKind.SQLITE.open(dir)) {
                Governance governance = new Governance(aws, new AuditTrail(store, sandbox.clock()), sandbox.clock(),
                        Duration.ofSeconds(30));
                PassReport review = governance.review(policy());

                for (String id : active) {
                    assertThat(verdict(review, id).idle()).hasValueSatisfying(d ->
                            assertThat(d).isLessThan(Duration.ofMinutes(1)));
                }
                for (String id : idle) {
                    assertThat(verdict(review, id).idle()).hasValueSatisfying(d ->
                            assertThat(d).isBetween(Duration.ofMinutes(20), Duration.ofMinutes(21)));
                }
                // Six pages of 50 hold the 300 recent streams; the seventh reaches streams older than the
                // policy's longest idle limit (15 min) and ends the listing; the 10 idle sessions not on it are
                // looked up one by one. 17 calls for 360 sessions, where one per session took 360.
                assertThat(sandbox.server().apiCalls().count("logs", "DescribeLogStreams") - before)
                        .isEqualTo(7 + 10);
            }
        }
    }

    private static void shellDocument(SsmClient ssm, String name, String logGroup) {
        ssm.createDocument(r -> r.name(name).documentType(DocumentType.SESSION).documentFormat(DocumentFormat.JSON)
                .content("""
                        {"schemaVersion":"1.0","description":"logged shell","sessionType":"Standard_Stream",
                         "inputs":{"cloudWatchLogGroupName":"%s","maxSessionDuration":"60"}}""".formatted(logGroup)));
    }

    private static Policy policy() {
        return PolicyLoader.parse("""
                scope: {accounts: [{id: "123456789012"}], regions: [us-east-1]}
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
                defaultTier: {name: untagged, idleMinutes: 5, maxMinutes: 120}
                """, "idle-policy.yaml");
    }

    private static String idleOf(AuditTrail trail, String sessionId) {
        return trail.records(RecordKind.OBSERVATION, Instant.EPOCH, far()).stream()
                .filter(r -> sessionId.equals(r.subject().sessionId())).map(AuditRecord::payload)
                .map(p -> Payloads.decode(p).get("idle").asText()).findFirst().orElseThrow();
    }

    private static Set<String> activeSessions(SsmClient ssm) {
        return ssm.describeSessions(r -> r.state(SessionState.ACTIVE)).sessions().stream().map(s -> s.sessionId())
                .collect(Collectors.toSet());
    }

    private static SessionVerdict verdict(PassReport report, String sessionId) {
        return report.pairs().get(0).verdicts().stream().filter(v -> v.session().sessionId().equals(sessionId))
                .findFirst().orElseThrow();
    }

    private static Instant far() {
        return Instant.parse("2100-01-01T00:00:00Z");
    }
}
