package dev.warden.cli.shell;

import dev.warden.cli.ExitCodes;
import dev.warden.cli.testing.WardenProcess;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.SandboxClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits a running {@code warden shell} watches, as for the tunnels: the maximum duration the service reports
 * (shown at start, warned about ahead of the end, and the service's end shown with exit 5), and fixed temporary
 * credentials, announced at start and ending the shell with exit 4 when they expire. Warden runs as a real process
 * against the sandbox, its standard input held open so that only those limits can end the shell.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShellSessionLimitsTest {

    private static final String INSTANCE = "i-0ccccccccccccccc2";

    @TempDir
    Path home;

    @Test
    void the_maximum_duration_is_shown_warned_about_and_ends_the_shell() throws Exception {
        // One "minute" of maxSessionDuration lasts 4 s in this sandbox, while warden reads 1 minute.
        try (Sandbox sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                session:
                  timeoutUnit: 4s
                  preferences:
                    maxSessionDuration: "1"
                fleet:
                  - instanceId: %s
                    name: shell-host
                    agentVersion: 3.3.987.0
                """.formatted(INSTANCE), "shell-max-duration.yaml"))) {
            WardenProcess.writeAwsConfig(home, "");
            try (WardenProcess warden = WardenProcess.start(home, Map.of("AWS_ACCESS_KEY_ID", sandbox.accessKeyId(),
                    "AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey(), "AWS_REGION", sandbox.region(),
                    "AWS_ENDPOINT_URL", sandbox.endpoint().toString()), "shell", "--warn-before", "2m", INSTANCE)) {
                typeWithoutEnding(warden, "echo started-$((2 + 5))\n");

                assertThat(warden.waitFor(60)).as("stderr:%n%s", warden.stderr())
                        .isEqualTo(ExitCodes.ENDED_BY_SERVICE);
                assertThat(warden.stderr()).contains("may last 1 minute (maxSessionDuration), until ")
                        .contains("(maxSessionDuration); 0 minutes left").contains("maximum session duration");
                assertThat(new String(warden.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .contains("started-7");
            }
        }
    }

    @Test
    void fixed_temporary_credentials_are_announced_and_end_the_shell_when_they_expire() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                sts:
                  minimumDurationSeconds: 1
                fleet:
                  - instanceId: %s
                    name: shell-host
                    agentVersion: 3.3.987.0
                """.formatted(INSTANCE), "shell-credentials.yaml"));
             StsClient sts = SandboxClients.withoutRetries(StsClient.builder(), sandbox)) {
            Credentials c = sts.getSessionToken(r -> r.durationSeconds(8)).credentials();
            WardenProcess.writeAwsConfig(home, "");
            try (WardenProcess warden = WardenProcess.start(home, Map.of(
                    "AWS_ACCESS_KEY_ID", c.accessKeyId(), "AWS_SECRET_ACCESS_KEY", c.secretAccessKey(),
                    "AWS_SESSION_TOKEN", c.sessionToken(), "AWS_CREDENTIAL_EXPIRATION", c.expiration().toString(),
                    "AWS_REGION", sandbox.region(), "AWS_ENDPOINT_URL", sandbox.endpoint().toString()),
                    "shell", INSTANCE)) {
                typeWithoutEnding(warden, "echo started-$((3 + 5))\n");

                int exit = warden.waitFor(8 + 30);
                Instant exited = Instant.now();
                assertThat(exit).as("stderr:%n%s", warden.stderr()).isEqualTo(ExitCodes.CREDENTIALS);
                assertThat(Duration.between(c.expiration(), exited)).as("exited soon after the expiry")
                        .isLessThan(Duration.ofSeconds(20));
                assertThat(warden.stderr()).contains("cannot be refreshed").contains("expire at " + c.expiration())
                        .contains("expired").doesNotContain(c.secretAccessKey()).doesNotContain(c.sessionToken());
                assertThat(new String(warden.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .contains("started-8");
            }
        }
    }

    /** Sends a line to the shell and keeps standard input open, so the input's end does not end the shell. */
    private static void typeWithoutEnding(WardenProcess warden, String line) throws Exception {
        OutputStream stdin = warden.process().getOutputStream();
        stdin.write(line.getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
    }
}
