package dev.warden.cli.govern;

import static dev.warden.governance.testing.GovernedSandbox.SCRATCH;
import static dev.warden.governance.testing.GovernedSandbox.WEB_DEV;
import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.Main;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.sandbox.testing.SandboxFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SessionState;

/**
 * review, enforce and terminate as a user runs them against the sandbox. Credentials reach the command through
 * the SDK's default chain (the aws.accessKeyId / aws.secretAccessKey system properties here).
 */
@ExtendWith(AliceCredentials.class)
class EngineCommandsTest {

    @TempDir
    Path dir;

    private final SandboxFixture sandbox = GovernedSandbox.start();
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    private Path policy;
    private String store;

    @BeforeEach
    void writePolicy() throws IOException {
        policy = Files.writeString(dir.resolve("policy.yaml"), """
                scope:
                  accounts: [{id: "123456789012"}]
                  regions: [us-east-1]
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
                  - {name: dev, match: {Environment: dev}, idleMinutes: 60, maxMinutes: 480}
                defaultTier: {name: untagged, idleMinutes: 20, maxMinutes: 120}
                """);
        store = dir.resolve("governance.db").toString();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void reviewPrintsEachSessionWithTierAgeTimeLeftOwnerAndPrincipal() {
        String prod = startAgo(WEB_PROD, Duration.ofMinutes(90));
        String scratch = startAgo(SCRATCH, Duration.ofMinutes(10));

        assertThat(run("govern", "review", "--policy", policy.toString(), "--store", store,
                "--endpoint-url", sandbox.endpoint().toString())).isZero();

        String table = out.toString();
        assertThat(table.lines().findFirst()).hasValueSatisfying(h ->
                assertThat(h).startsWith("ACCOUNT/REGION").contains("TIER", "AGE", "LEFT", "IDLE", "OWNER", "PRINCIPAL"));
        assertThat(table.lines().filter(l -> l.contains(prod)).findFirst()).hasValueSatisfying(l ->
                assertThat(l).contains("123456789012/us-east-1", WEB_PROD, "prod", "1h30m", "-30m", "unknown", "team-web",
                        "arn:aws:iam::123456789012:user/alice", "OVER_MAX"));
        assertThat(table.lines().filter(l -> l.contains(scratch)).findFirst()).hasValueSatisfying(l ->
                assertThat(l).contains("untagged", "10m", "1h49m", "UNTAGGED_TARGET"));
        assertThat(table).contains("2 active session(s) in 1 account/region pair(s)");
        assertThat(active()).contains(prod).as("review changes nothing");
    }

    @Test
    void reviewAsJson() throws IOException {
        String dev = startAgo(WEB_DEV, Duration.ofMinutes(30));
        assertThat(run("govern", "review", "--policy", policy.toString(), "--store", store, "--output", "json",
                "--endpoint-url", sandbox.endpoint().toString())).isZero();
        JsonNode session = new ObjectMapper().readTree(out.toString()).get("sessions").get(0);
        assertThat(session.get("sessionId").asText()).isEqualTo(dev);
        assertThat(session.get("tier").asText()).isEqualTo("dev");
        assertThat(session.get("ownerTag").asText()).isEqualTo("team-web");
        assertThat(session.get("timeLeftSeconds").asLong()).isBetween(449L * 60, 450L * 60);
        assertThat(session.get("idleSeconds").isNull()).as("no CloudWatch logging: idle unknown").isTrue();
    }

    @Test
    void enforceTerminatesTheViolatorsAndVerifySeesAnIntactTrail() {
        String prod = startAgo(WEB_PROD, Duration.ofMinutes(90));
        String dev = startAgo(WEB_DEV, Duration.ofMinutes(90));

        assertThat(run("govern", "enforce", "--policy", policy.toString(), "--store", store, "--dry-run",
                "--endpoint-url", sandbox.endpoint().toString())).isZero();
        assertThat(out.toString()).contains("DRY_RUN " + prod).contains("0 session(s) terminated (dry run)");
        assertThat(active()).containsExactlyInAnyOrder(prod, dev);

        out = new StringWriter();
        assertThat(run("govern", "enforce", "--policy", policy.toString(), "--store", store,
                "--endpoint-url", sandbox.endpoint().toString())).isZero();
        assertThat(out.toString()).contains("TERMINATED " + prod + " on " + WEB_PROD
                + ": over the maximum of tier prod (60 min)").contains("1 session(s) terminated");
        assertThat(active()).containsExactly(dev);

        out = new StringWriter();
        assertThat(run("govern", "verify", "--store", store)).isZero();
        assertThat(out.toString()).contains("audit chain intact");

        out = new StringWriter();
        assertThat(run("govern", "report", "--store", store, "--output", "csv")).isZero();
        assertThat(out.toString()).startsWith("metric,period,tier,value")
                .containsPattern("sessions_over_max,\\d{4}-W\\d{2},prod,1")
                .contains("terminations,,,1");

        out = new StringWriter();
        assertThat(run("govern", "report", "--store", store)).isZero();
        assertThat(out.toString()).contains("Time to terminate (1 automatic terminations)")
                .contains("mean 30m, p90 30m").contains("unknown: no preference audit in the period");
    }

    @Test
    void reportRefusesAnEmptyPeriodAndABadDate() {
        assertThat(run("govern", "report", "--store", store, "--from", "2026-12-02", "--to", "2026-12-01"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--from must be before --to");
        assertThat(run("govern", "report", "--store", store, "--from", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("'yesterday' is not a date");
    }

    @Test
    void auditReportsPreferenceDriftAndRemediateFixesIt() {
        String[] audit = {"govern", "audit", "--policy", policy.toString(), "--store", store,
                "--endpoint-url", sandbox.endpoint().toString()};
        assertThat(run(audit)).isEqualTo(1);
        assertThat(out.toString()).contains("123456789012/us-east-1 SSM-SessionManagerRunShell v1 "
                + "maxSessionDuration: expected <= 60, found empty: no maximum")
                .contains("idleSessionTimeout: expected <= 15, found 20").contains("findings remain");

        out = new StringWriter();
        String[] remediate = java.util.Arrays.copyOf(audit, audit.length + 1);
        remediate[audit.length] = "--remediate";
        assertThat(run(remediate)).isZero();
        assertThat(out.toString()).contains("SSM-SessionManagerRunShell remediated: version 2 is the new default");

        out = new StringWriter();
        assertThat(run(audit)).isZero();
        assertThat(out.toString()).contains("preferences enforce the policy");
    }

    @Test
    void terminateIsTheManualPath() {
        String dev = startAgo(WEB_DEV, Duration.ofMinutes(1));
        assertThat(run("govern", "terminate", dev, "--reason", "INC-9 leaked key", "--policy", policy.toString(),
                "--store", store, "--endpoint-url", sandbox.endpoint().toString())).isZero();
        assertThat(out.toString()).contains("TERMINATED " + dev + " (123456789012/us-east-1): INC-9 leaked key");
        assertThat(active()).isEmpty();
    }

    @Test
    void terminateWithARegionOutsideThePolicyIsAUsageError() {
        assertThat(run("govern", "terminate", "s-1", "--reason", "x", "--region", "eu-west-1", "--policy",
                policy.toString(), "--store", store)).isEqualTo(2);
        assertThat(err.toString()).contains("--region eu-west-1 is not in the policy's scope");
    }

    @Test
    void anUnreachableEndpointIsNamedAndExitsOne() {
        sandbox.close();
        assertThat(run("govern", "review", "--policy", policy.toString(), "--store", store,
                "--endpoint-url", sandbox.endpoint().toString())).isEqualTo(1);
        assertThat(err.toString()).contains("cannot read sessions of 123456789012/us-east-1");
    }

    @Test
    void anInvalidPolicyStopsBeforeAnyCall() throws IOException {
        Files.writeString(policy, "scope: {}\n");
        assertThat(run("govern", "review", "--policy", policy.toString(), "--store", store)).isEqualTo(1);
        assertThat(err.toString()).contains(policy + ":1:1: scope.accounts: is required");
    }

    /** Starts a session whose StartDate lies {@code ago} in the past (the sandbox's clock moved back for it). */
    private String startAgo(String target, Duration ago) {
        sandbox.clock().skew(ago.negated());
        try (SsmClient ssm = sandbox.ssm()) {
            return ssm.startSession(r -> r.target(target)).sessionId();
        } finally {
            sandbox.clock().skew(Duration.ZERO);
        }
    }

    private Set<String> active() {
        try (SsmClient ssm = sandbox.ssm()) {
            return ssm.describeSessions(r -> r.state(SessionState.ACTIVE)).sessions().stream()
                    .map(s -> s.sessionId()).collect(Collectors.toSet());
        }
    }

    private int run(String... args) {
        return Main.commandLine().setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }
}
