package dev.warden.cli.govern;

import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.cli.Main;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.sandbox.testing.SandboxFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionFilter;
import software.amazon.awssdk.services.ssm.model.SessionFilterKey;
import software.amazon.awssdk.services.ssm.model.SessionState;

/**
 * {@code warden govern watch} as a user runs it: events from the sandbox's SQS queue, the events endpoint on a
 * free port with its API key from a file; a session is terminated at its limit; Ctrl-C's path stops it cleanly.
 */
@ExtendWith(AliceCredentials.class)
class WatchCommandTest {

    private static final String KEY = "cli-events-key-19c2";

    @TempDir
    Path dir;

    private final SandboxFixture sandbox = GovernedSandbox.start("""
            events:
              sqsQueue: ssm-events
            """);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path policy;
    private Path keyFile;

    @BeforeEach
    void writePolicyAndKey() throws IOException {
        policy = Files.writeString(dir.resolve("policy.yaml"), """
                scope: {accounts: [{id: "123456789012"}], regions: [us-east-1]}
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
                defaultTier: {idleMinutes: 20, maxMinutes: 120}
                """);
        keyFile = Files.writeString(dir.resolve("events.key"), KEY + "\n");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void watchTerminatesASessionAtItsLimitFromQueueEventsAndRefusesAWrongKey() throws Exception {
        Thread[] thread = new Thread[1];
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        thread[0] = new Thread(() -> exit.complete(run("govern", "watch", "--policy", policy.toString(),
                "--store", dir.resolve("governance.db").toString(), "--endpoint-url", sandbox.endpoint().toString(),
                "--pass-interval", "1h", "--events-queue", sandbox.endpoint() + "/123456789012/ssm-events",
                "--events-listen", "127.0.0.1:0", "--events-key-file", keyFile.toString(),
                "--metrics-listen", "127.0.0.1:0")));
        thread[0].start();
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("events: SQS "));
        assertThat(out.toString()).contains("metrics: GET http://127.0.0.1:");
        assertThat(out.toString()).contains("a pass every 1h", "events: SQS " + sandbox.endpoint()
                + "/123456789012/ssm-events");
        Matcher m = Pattern.compile("events: POST (\\S+) \\(header x-api-key\\)").matcher(out.toString());
        assertThat(m.find()).isTrue();
        URI events = URI.create(m.group(1));

        String session;
        sandbox.clock().skew(Duration.ofSeconds(3).minus(Duration.ofMinutes(60)));
        try (SsmClient ssm = sandbox.ssm()) {
            session = ssm.startSession(r -> r.target(WEB_PROD)).sessionId();
        } finally {
            sandbox.clock().skew(Duration.ZERO);
        }
        Session ended = await().atMost(Duration.ofSeconds(30)).until(() -> history(session), s -> s != null);
        Duration limitToEnd = Duration.between(ended.startDate().plus(Duration.ofMinutes(60)), ended.endDate());
        assertThat(limitToEnd).isBetween(Duration.ZERO, Duration.ofSeconds(2));

        Matcher metricsAt = Pattern.compile("metrics: GET (\\S+)").matcher(out.toString());
        assertThat(metricsAt.find()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> get(URI.create(metricsAt.group(1)))
                .contains("warden_terminations_total{outcome=\"terminated\",tier=\"prod\"} 1.0"));

        String start = sandbox.server().events().emitted().get(0).toString();
        assertThat(post(events, start, "not-the-key")).isEqualTo(401);
        assertThat(post(events, start, KEY)).isEqualTo(202);

        thread[0].interrupt();
        assertThat(exit.get()).isZero();
        assertThat(err.toString()).contains("warden govern watch: stopped").doesNotContain(KEY);
        assertThat(out.toString()).doesNotContain(KEY);
    }

    @Test
    void anEventsListenerWithoutAKeyIsAUsageError() {
        int code = run("govern", "watch", "--policy", policy.toString(), "--store",
                dir.resolve("governance.db").toString(), "--events-listen", "127.0.0.1:0",
                "--events-key-env", "WARDEN_TEST_UNSET_KEY_VARIABLE");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().trim()).isEqualTo("warden: --events-listen needs an API key: set the environment "
                + "variable WARDEN_TEST_UNSET_KEY_VARIABLE or give --events-key-file FILE");
    }

    @Test
    void aLeasePeriodOnSqliteIsAUsageError() {
        int code = run("govern", "watch", "--policy", policy.toString(), "--store",
                dir.resolve("governance.db").toString(), "--endpoint-url", sandbox.endpoint().toString(),
                "--lease-period", "30s");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().trim()).as("one line, and no 'stopped' for a watch that never ran")
                .isEqualTo("warden: --lease-period needs a PostgreSQL store (WARDEN_STORE="
                + "jdbc:postgresql://...): a SQLite store is for one watch process");
    }

    @Test
    void aMalformedListenAddressIsAUsageError() {
        int code = run("govern", "watch", "--policy", policy.toString(), "--events-listen", "8080");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("expected HOST:PORT");
    }

    private Session history(String sessionId) {
        try (SsmClient ssm = sandbox.ssm()) {
            return ssm.describeSessions(r -> r.state(SessionState.HISTORY).filters(SessionFilter.builder()
                    .key(SessionFilterKey.SESSION_ID).value(sessionId).build())).sessions().stream().findFirst()
                    .orElse(null);
        }
    }

    private static String get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static int post(URI uri, String body, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private int run(String... args) {
        return Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }
}
