package dev.warden.governance.alert;

import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.warden.governance.Governance;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import dev.warden.sandbox.sns.PublishedMessage;
import dev.warden.sandbox.testing.SandboxFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Alerts to a local webhook receiver (a real HTTP server that fails its first request) and to the sandbox's SNS:
 * one topic that exists, one that does not (each alert to it fails after its retries, and that is recorded).
 */
class AlertTest {

    @TempDir
    Path dir;

    private final SandboxFixture sandbox = GovernedSandbox.start();
    private final AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(SandboxFixture.ALICE),
            Optional.of(sandbox.endpoint()));
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook/secret-token", exchange -> {
            // The first request of the test fails with 503, so the alert is retried.
            int status = requests.incrementAndGet() == 1 ? 503 : 200;
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        aws.close();
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void terminationsAndDriftAreAlertedWithRetriesAndEveryOutcomeIsRecorded(StoreKind kind) throws IOException {
        Policy policy = PolicyLoader.parse("""
                scope: {accounts: [{id: "123456789012"}], regions: [us-east-1]}
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
                defaultTier: {idleMinutes: 20, maxMinutes: 120}
                alerts:
                  webhook: http://127.0.0.1:%d/hook/secret-token
                  snsTopics: [%s, arn:aws:sns:us-east-1:123456789012:nobody]
                """.formatted(receiver.getAddress().getPort(), GovernedSandbox.ALERT_TOPIC), "alert-policy.yaml");
        String session;
        try (SsmClient ssm = sandbox.ssm()) {
            session = ssm.startSession(r -> r.target(WEB_PROD)).sessionId();
        }
        sandbox.clock().advance(Duration.ofMinutes(61));
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, sandbox.clock());
            Governance governance = new Governance(aws, trail, sandbox.clock(), Duration.ofSeconds(30),
                    new Alerter(aws, 2, Duration.ofMillis(10)));

            governance.enforce(policy);
            assertThat(received).hasSize(2);
            JsonNode alert = new ObjectMapper().readTree(received.get(1));
            assertThat(alert.get("text").asText()).startsWith("Warden: 1 session(s) terminated")
                    .contains("TERMINATED " + session);

            governance.auditPreferences(policy, false);
            assertThat(received).hasSize(3);
            assertThat(new ObjectMapper().readTree(received.get(2)).get("text").asText())
                    .startsWith("Warden: session preference drift").contains("maxSessionDuration");

            List<JsonNode> alerts = trail.records(RecordKind.ALERT, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
                    .stream().map(r -> Payloads.decode(r.payload())).toList();
            assertThat(alerts).extracting(a -> a.get("channel").asText() + " sent=" + a.get("sent").asBoolean()
                    + " attempts=" + a.get("attempts").asInt()).containsExactly(
                    "webhook 127.0.0.1 sent=true attempts=2",
                    "arn:aws:sns:us-east-1:123456789012:warden-alerts sent=true attempts=1",
                    "arn:aws:sns:us-east-1:123456789012:nobody sent=false attempts=2",
                    "webhook 127.0.0.1 sent=true attempts=1",
                    "arn:aws:sns:us-east-1:123456789012:warden-alerts sent=true attempts=1",
                    "arn:aws:sns:us-east-1:123456789012:nobody sent=false attempts=2");
            assertThat(alerts.get(2).get("error").asText()).isNotEmpty();
            assertThat(sandbox.server().sns().published(GovernedSandbox.ALERT_TOPIC))
                    .extracting(PublishedMessage::subject)
                    .containsExactly("Warden: 1 session(s) terminated", "Warden: session preference drift");
            assertThat(alerts.toString()).doesNotContain("secret-token");
        }
    }
}
