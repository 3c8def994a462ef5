package dev.warden.cli.tunnel;

import dev.warden.cli.ExitCodes;
import dev.warden.cli.testing.CheckedTransfer;
import dev.warden.cli.testing.WardenProcess;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.EchoServer;
import dev.warden.sandbox.testing.SandboxClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hour-long failure of the official client, in under two minutes: credentials that live 15 s expire again and
 * again under a running {@code warden ssh-proxy} (a real child process reading a credential_process profile), and
 * the stream to an echo server carries on with every byte checked. Fixed temporary credentials from the
 * environment, which no one can refresh, are announced at start and end the process soon after they expire.
 */
class SshProxyCredentialsTest {

    private static final String INSTANCE = "i-0aaaaaaaaaaaaaaa1";
    private static final int LIFETIME_SECONDS = 15;

    @TempDir
    Path home;

    private EchoServer echo;
    private Sandbox sandbox;
    private StsClient sts;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                sts:
                  minimumDurationSeconds: 1
                fleet:
                  - instanceId: %s
                    name: web-prod-1
                    agentVersion: 3.3.987.0
                    portMappings: {22: "127.0.0.1:%d"}
                """.formatted(INSTANCE, echo.port()), "ssh-proxy-credentials.yaml"));
        sts = SandboxClients.withoutRetries(StsClient.builder(), sandbox);
    }

    @AfterEach
    void stop() throws IOException {
        sts.close();
        sandbox.close();
        echo.close();
    }

    @Test
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    void a_credential_process_profile_keeps_the_stream_alive_for_five_credential_lifetimes() throws Exception {
        Path credentialsJson = home.resolve("credentials.json");
        refresh(credentialsJson);
        WardenProcess.writeAwsConfig(home, """
                [profile tunnel]
                region = %s
                credential_process = cat %s
                """.formatted(sandbox.region(), credentialsJson));
        // The helper's source: fresh 15-second credentials every 5 s, as an SSO cache or a vault agent would have.
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
        refresher.scheduleAtFixedRate(() -> refresh(credentialsJson), 5, 5, TimeUnit.SECONDS);
        Instant until = Instant.now().plusSeconds(5L * LIFETIME_SECONDS + 5);
        try (WardenProcess warden = WardenProcess.start(home, Map.of(), "--verbose", "ssh-proxy",
                "--profile", "tunnel", "--endpoint-url", sandbox.endpoint().toString(), INSTANCE, "22")) {
            CheckedTransfer.Result result = CheckedTransfer.whileTrue(warden.process().getInputStream(),
                    warden.process().getOutputStream(), () -> Instant.now().isBefore(until), 11, 80);

            assertThat(result.firstMismatch()).as("first wrong byte; stderr:%n%s", warden.stderr()).isEqualTo(-1);
            assertThat(result.received()).as("stderr:%n%s", warden.stderr()).isEqualTo(result.sent());
            assertThat(result.sent()).isGreaterThan(1_000_000);
            assertThat(warden.process().isAlive()).as("still running; stderr:%n%s", warden.stderr()).isTrue();
            assertThat(warden.stderr()).as("the session resumed under fresh credentials several times")
                    .containsPattern("(?s)(resumed on connection.*){4}");
            assertThat(warden.stderr()).doesNotContain("cannot be refreshed");
        } finally {
            refresher.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void fixed_temporary_credentials_are_announced_and_end_the_process_when_they_expire() throws Exception {
        Credentials c = sts.getSessionToken(r -> r.durationSeconds(8)).credentials();
        WardenProcess.writeAwsConfig(home, "");
        try (WardenProcess warden = WardenProcess.start(home, Map.of(
                "AWS_ACCESS_KEY_ID", c.accessKeyId(), "AWS_SECRET_ACCESS_KEY", c.secretAccessKey(),
                "AWS_SESSION_TOKEN", c.sessionToken(), "AWS_CREDENTIAL_EXPIRATION", c.expiration().toString(),
                "AWS_REGION", sandbox.region(), "AWS_ENDPOINT_URL", sandbox.endpoint().toString()),
                "ssh-proxy", INSTANCE)) {
            warden.process().getOutputStream().write("hello\n".getBytes());
            warden.process().getOutputStream().flush();
            byte[] echoed = warden.process().getInputStream().readNBytes(6);
            assertThat(new String(echoed)).as("stderr:%n%s", warden.stderr()).isEqualTo("hello\n");
            assertThat(warden.stderr()).contains("cannot be refreshed").contains("expire at " + c.expiration())
                    .contains("credential_process, SSO or role_arn");

            int exit = warden.waitFor(8 + 30);
            Instant exited = Instant.now();
            assertThat(exit).as("stderr:%n%s", warden.stderr()).isEqualTo(ExitCodes.CREDENTIALS);
            assertThat(Duration.between(c.expiration(), exited)).as("exited soon after the expiry")
                    .isLessThan(Duration.ofSeconds(20));
            assertThat(warden.stderr()).contains("expired").doesNotContain(c.secretAccessKey())
                    .doesNotContain(c.sessionToken());
        }
    }

    /** Writes fresh STS credentials in the credential_process JSON format, atomically. */
    private void refresh(Path file) {
        try {
            Credentials c = sts.getSessionToken(r -> r.durationSeconds(LIFETIME_SECONDS)).credentials();
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, """
                    {"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s", "SessionToken": "%s", \
                    "Expiration": "%s"}
                    """.formatted(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration()));
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
