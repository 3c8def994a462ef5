package dev.warden.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.client.SessionEnd;
import dev.warden.client.WardenClient;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortSession;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.RecordKind;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.EchoServer;
import dev.warden.sandbox.testing.MutableClock;
import dev.warden.sandbox.testing.SandboxFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SessionState;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * One pass over several accounts × regions of the sandbox: the caller's own account, a member account reached
 * through AssumeRole with an external id, and an account whose role cannot be assumed. Most sessions are API-only;
 * two are real port-forwarding sessions opened by the client over the data plane to a loopback echo service: the
 * violator among them is ended by the pass and its client sees the service end it, the other keeps carrying
 * bytes.
 */
class MultiAccountTest {

    private static final String MEMBER_ROLE = "arn:aws:iam::210987654321:role/WardenAudit";

    @TempDir
    Path dir;

    private static final String OWN_EAST = "i-00000000000000b01";
    private static final String OWN_EAST_DEV = "i-00000000000000b05";

    private final EchoServer echo = new EchoServer();
    /** Both planes, so that the client's data channels connect; sessions age by moving {@link #clock}. */
    private final MutableClock clock = new MutableClock();
    private final Sandbox sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
            regions: [us-east-1, eu-west-1]
            accounts:
              - accountId: "210987654321"
                roles:
                  - {name: WardenAudit, externalId: warden-ext}
            auth: {allowedClockSkew: 2d}
            session: {enforcementInterval: 0s}
            fleet:
              - {instanceId: i-00000000000000b01, name: own-east, tags: {Environment: prod},
                 agentVersion: 3.3.987.0, portMappings: {80: "127.0.0.1:%1$d"}}
              - {instanceId: i-00000000000000b05, name: own-east-dev, tags: {Environment: dev},
                 agentVersion: 3.3.987.0, portMappings: {80: "127.0.0.1:%1$d"}}
              - {instanceId: i-00000000000000b02, name: own-west, tags: {Environment: prod}, region: eu-west-1}
              - {instanceId: i-00000000000000b03, name: member-east, tags: {Environment: prod},
                 accountId: "210987654321"}
              - {instanceId: i-00000000000000b04, name: member-west, tags: {Environment: dev},
                 accountId: "210987654321", region: eu-west-1}
            """.formatted(echo.port()), "multi-account.yaml"), clock);
    private final AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(SandboxFixture.ALICE),
            Optional.of(sandbox.endpoint()));

    private final WardenClient client = WardenClient.builder().region("us-east-1")
            .credentials(StaticCredentialsProvider.create(SandboxFixture.ALICE)).ssmEndpoint(sandbox.endpoint())
            .kmsEndpoint(sandbox.endpoint()).build();

    MultiAccountTest() throws IOException {
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        aws.close();
        sandbox.close();
        echo.close();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void everyReachablePairIsEnforcedAndAnAccountWhoseRoleCannotBeAssumedIsRecorded(StoreKind kind) throws Exception {
        AwsCredentials member = assumeMemberRole();
        String ownEast = start(SandboxFixture.ALICE, "us-east-1", OWN_EAST);
        PortSession overMax = forward(OWN_EAST);
        PortSession withinLimits = forward(OWN_EAST_DEV);
        assertThat(echoes(withinLimits, "before")).isTrue();
        assertThat(echoes(overMax, "before")).isTrue();
        String ownWest = start(SandboxFixture.ALICE, "eu-west-1", "i-00000000000000b02");
        String memberEast = start(member, "us-east-1", "i-00000000000000b03");
        String memberWest = start(member, "eu-west-1", "i-00000000000000b04");
        clock.advance(Duration.ofMinutes(90));

        Policy policy = PolicyLoader.parse("""
                scope:
                  accounts:
                    - id: "123456789012"
                    - {id: "210987654321", role: WardenAudit, externalId: warden-ext}
                    - {id: "333333333333", role: WardenAudit}
                  regions: [us-east-1, eu-west-1]
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
                  - {name: dev, match: {Environment: dev}, idleMinutes: 60, maxMinutes: 480}
                defaultTier: {idleMinutes: 20, maxMinutes: 120}
                """, "multi.yaml");
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, clock);
            PassReport report = new Governance(aws, trail, clock, Duration.ofSeconds(30)).enforce(policy);

            Map<String, Set<String>> terminated = report.pairs().stream().collect(Collectors.toMap(
                    p -> p.pair().toString(), p -> p.terminations().stream().map(TerminationOutcome::sessionId)
                            .collect(Collectors.toSet())));
            assertThat(terminated).containsOnly(
                    Map.entry("123456789012/us-east-1", Set.of(ownEast, overMax.sessionId())),
                    Map.entry("123456789012/eu-west-1", Set.of(ownWest)),
                    Map.entry("210987654321/us-east-1", Set.of(memberEast)),
                    Map.entry("210987654321/eu-west-1", Set.of()),
                    Map.entry("333333333333/us-east-1", Set.of()),
                    Map.entry("333333333333/eu-west-1", Set.of()));
            assertThat(report.pairs()).filteredOn(p -> p.error().isPresent())
                    .extracting(p -> p.pair().toString())
                    .containsExactly("333333333333/us-east-1", "333333333333/eu-west-1");
            assertThat(trail.records(RecordKind.ERROR, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))
                    .hasSize(2);
            // The first member credentials expired with the 90 minutes the clock moved: assume the role again.
            AwsCredentials memberNow = assumeMemberRole();
            assertThat(active(memberNow, "eu-west-1")).containsExactly(memberWest);
            assertThat(active(memberNow, "us-east-1")).isEmpty();
            assertThat(active(SandboxFixture.ALICE, "eu-west-1")).isEmpty();
            assertThat(active(SandboxFixture.ALICE, "us-east-1")).containsExactly(withinLimits.sessionId());

            // The client of the terminated session sees the service end it; the other one still carries bytes.
            SessionEnd end = overMax.completion().get(10, TimeUnit.SECONDS);
            assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CLOSED_BY_SERVICE);
            assertThat(withinLimits.completion()).isNotDone();
            assertThat(echoes(withinLimits, "after the pass")).isTrue();
        }
    }

    /** A real port-forwarding session to the instance's port 80 (the echo service), listening on a free port. */
    private PortSession forward(String target) throws Exception {
        return client.forward(target, 80, LocalPort.listen(0)).get(20, TimeUnit.SECONDS);
    }

    /** Whether a line sent through the session's local listener comes back. */
    private static boolean echoes(PortSession session, String text) throws IOException {
        InetSocketAddress local = session.localAddress().orElseThrow();
        try (Socket socket = new Socket(local.getAddress(), local.getPort())) {
            socket.setSoTimeout(10_000);
            byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(line);
            socket.getOutputStream().flush();
            return Arrays.equals(socket.getInputStream().readNBytes(line.length), line);
        }
    }

    private AwsCredentials assumeMemberRole() {
        try (StsClient sts = StsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(SandboxFixture.ALICE)).build()) {
            Credentials c = sts.assumeRole(r -> r.roleArn(MEMBER_ROLE).roleSessionName("test")
                    .externalId("warden-ext")).credentials();
            return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
        }
    }

    private String start(AwsCredentials who, String region, String target) {
        try (SsmClient ssm = ssm(who, region)) {
            return ssm.startSession(r -> r.target(target)).sessionId();
        }
    }

    private Set<String> active(AwsCredentials who, String region) {
        try (SsmClient ssm = ssm(who, region)) {
            return ssm.describeSessions(r -> r.state(SessionState.ACTIVE)).sessions().stream()
                    .map(s -> s.sessionId()).collect(Collectors.toSet());
        }
    }

    private SsmClient ssm(AwsCredentials who, String region) {
        return SsmClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(who))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
