package dev.warden.governance.web;

import dev.warden.governance.Governance;
import dev.warden.governance.alert.Alerter;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.GrantedExemptions;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.sandbox.testing.SandboxFixture;
import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SessionState;

/**
 * The dashboard on a real port over the governed sandbox, a SQLite store and the real engine, with one operator
 * and one viewer token. The dashboard shares the sandbox's clock, so sessions age as the tests move it.
 */
final class DashboardFixture implements AutoCloseable {

    static final String OPERATOR_TOKEN = "operator-token-0123456789abcdef";
    static final String VIEWER_TOKEN = "viewer-token-0123456789abcdef";
    static final String REGION = "us-east-1";

    final SandboxFixture sandbox = GovernedSandbox.start();
    final AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(SandboxFixture.ALICE),
            Optional.of(sandbox.endpoint()));
    final GovernanceStore store;
    final AuditTrail trail;
    final ActiveSessions active;
    final GrantedExemptions granted;
    final Governance governance;
    final Policy policy = PolicyLoader.parse("""
            scope:
              accounts: [{id: "123456789012"}]
              regions: [us-east-1]
            tiers:
              - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
              - {name: dev, match: {Environment: dev}, idleMinutes: 60, maxMinutes: 480}
            defaultTier: {name: untagged, idleMinutes: 20, maxMinutes: 120}
            """, "dashboard-policy.yaml");
    final Javalin app;
    final URI base;

    DashboardFixture(Path dir) {
        store = StoreKind.SQLITE.open(dir);
        trail = new AuditTrail(store, sandbox.clock());
        active = new ActiveSessions(store);
        granted = new GrantedExemptions(store, trail, sandbox.clock());
        governance = new Governance(aws, trail, sandbox.clock(), Duration.ofSeconds(30),
                new Alerter(aws, 1, Duration.ofMillis(50)), Optional.of(active)).honouring(granted);
        AccessTokens tokens = AccessTokens.of(Map.of(
                OPERATOR_TOKEN, new AccessTokens.Holder(Role.OPERATOR, "oona"),
                VIEWER_TOKEN, new AccessTokens.Holder(Role.VIEWER, "victor")));
        app = new Dashboard(governance, policy, trail, active, granted, tokens, sandbox.clock()).start("127.0.0.1", 0);
        base = URI.create("http://127.0.0.1:" + app.port());
    }

    String start(AwsCredentials who, String target) {
        try (SsmClient ssm = sandbox.ssm(who)) {
            return ssm.startSession(r -> r.target(target)).sessionId();
        }
    }

    /** The sandbox's own answer: the ids of its active sessions. */
    Set<String> activeInSandbox() {
        try (SsmClient ssm = sandbox.ssm()) {
            return ssm.describeSessions(r -> r.state(SessionState.ACTIVE)).sessions().stream()
                    .map(s -> s.sessionId()).collect(Collectors.toSet());
        }
    }

    @Override
    public void close() {
        app.stop();
        store.close();
        aws.close();
        sandbox.close();
    }
}
