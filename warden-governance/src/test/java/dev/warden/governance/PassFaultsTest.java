package dev.warden.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import dev.warden.sandbox.testing.SandboxFixture;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;

/** A pass under the faults the AWS APIs show: throttling, and an endpoint that does not answer. */
class PassFaultsTest {

    private static final Policy POLICY = PolicyLoader.parse("""
            scope: {accounts: [{id: "123456789012"}], regions: [us-east-1]}
            tiers:
              - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
            defaultTier: {idleMinutes: 20, maxMinutes: 120}
            """, "faults-policy.yaml");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aThrottledApiSlowsThePassButTheViolatorIsStillTerminated(StoreKind kind) {
        try (SandboxFixture sandbox = GovernedSandbox.start();
             AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(SandboxFixture.ALICE),
                     Optional.of(sandbox.endpoint()));
             GovernanceStore store = kind.open(dir);
             SsmClient ssm = sandbox.ssm()) {
            String prod = ssm.startSession(r -> r.target(GovernedSandbox.WEB_PROD)).sessionId();
            String dev = ssm.startSession(r -> r.target(GovernedSandbox.WEB_DEV)).sessionId();
            sandbox.clock().advance(Duration.ofMinutes(90));
            // One call in four refused with ThrottlingException; the SDK's retries (with backoff) absorb it.
            sandbox.server().throttling().throttle(0.25, Set.of());

            PassReport report = new Governance(aws, new AuditTrail(store, sandbox.clock()), sandbox.clock(),
                    Duration.ofSeconds(30)).enforce(POLICY);

            assertThat(sandbox.server().throttling().throttledCalls()).as("calls were throttled").isPositive();
            assertThat(report.pairs()).singleElement().satisfies(p -> {
                assertThat(p.error()).isEmpty();
                assertThat(p.terminations()).extracting(TerminationOutcome::sessionId).containsExactly(prod);
            });
            assertThat(prod).isNotEqualTo(dev);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void anEndpointThatDoesNotAnswerIsRecordedAsThatPairsErrorAndThePassEnds(StoreKind kind) throws Exception {
        URI nowhere;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            nowhere = URI.create("http://127.0.0.1:" + closed.getLocalPort());
        }
        Policy twoRegions = PolicyLoader.parse("""
                scope: {accounts: [{id: "123456789012"}], regions: [us-east-1, eu-west-1]}
                defaultTier: {idleMinutes: 20, maxMinutes: 120}
                """, "unreachable.yaml");
        try (AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(SandboxFixture.ALICE),
                     Optional.of(nowhere));
             GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, java.time.Clock.systemUTC());
            PassReport report = new Governance(aws, trail, java.time.Clock.systemUTC(), Duration.ofSeconds(30))
                    .enforce(twoRegions);

            assertThat(report.pairs()).hasSize(2).allSatisfy(p -> assertThat(p.error()).hasValueSatisfying(
                    e -> assertThat(e).contains(p.pair().toString())));
            assertThat(trail.records(RecordKind.ERROR, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))
                    .hasSize(2).allSatisfy(r -> assertThat(Payloads.decode(r.payload()).toString())
                            .doesNotContain(SandboxFixture.ALICE.secretAccessKey()));
            assertThat(trail.verify().intact()).isTrue();
        }
    }
}
