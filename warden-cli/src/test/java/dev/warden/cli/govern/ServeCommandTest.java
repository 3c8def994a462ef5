package dev.warden.cli.govern;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden govern serve} as a user starts it: its token checks, then a dashboard that answers sign-in. */
@ExtendWith(AliceCredentials.class)
class ServeCommandTest {

    private static final String OPERATOR = "serve-test-operator-0123456789";

    @TempDir
    Path dir;

    private final SandboxFixture sandbox = GovernedSandbox.start();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
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
                defaultTier: {name: untagged, idleMinutes: 20, maxMinutes: 120}
                """);
        store = dir.resolve("governance.db").toString();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aTooShortTokenIsRefusedInOneLineWithoutRepeatingIt() throws IOException {
        Path tokens = Files.writeString(dir.resolve("tokens"), "# who may sign in\noperator sh0rt-secret\n");
        assertThat(run("govern", "serve", "--policy", policy.toString(), "--store", store, "--token-file",
                tokens.toString(), "--listen", "127.0.0.1:0")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("warden govern serve: the dashboard token of " + tokens
                + ":2 is shorter than 16 characters" + System.lineSeparator()).doesNotContain("sh0rt-secret");
    }

    @Test
    void aBadListenAddressIsUsage() {
        assertThat(run("govern", "serve", "--policy", policy.toString(), "--store", store, "--listen", "8080"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("expected HOST:PORT (e.g. 127.0.0.1:8080; port 0 for a free one), was '8080'");
    }

    @Test
    void itServesTheDashboardUntilStopped() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "operator " + OPERATOR + " oona\n");
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(run("govern", "serve", "--policy", policy.toString(),
                "--endpoint-url", sandbox.endpoint().toString(), "--store", store, "--token-file", tokens.toString(),
                "--listen", "127.0.0.1:0", "--review-every", "1s")));
        serving.start();
        Pattern printed = Pattern.compile("the dashboard is on (http://127\\.0\\.0\\.1:\\d+/)");
        await().atMost(Duration.ofSeconds(30)).until(() -> printed.matcher(out.toString()).find());
        Matcher m = printed.matcher(out.toString());
        assertThat(m.find()).isTrue();
        URI base = URI.create(m.group(1));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("Authorization", "Bearer " + OPERATOR).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(200);
        assertThat(signIn.body()).contains("\"role\":\"operator\"").contains("\"name\":\"oona\"");
        assertThat(out.toString() + err.toString()).doesNotContain(OPERATOR);

        serving.interrupt();
        serving.join(30_000);
        assertThat(exit.get()).isEqualTo(0);
    }

    private int run(String... args) {
        return Main.commandLine().setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }
}
