package dev.warden.sandbox.agent.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.warden.protocol.payload.ChannelClosed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Shell sessions under session preferences: the shell profile and session logging. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShellPreferencesTest {

    @Test
    void theShellProfileRunsFirstAndTheOutputIsLogged(@TempDir Path logs) throws Exception {
        String yaml = """
                session:
                  preferences:
                    s3BucketName: session-logs
                    s3KeyPrefix: shells
                    shellProfile: {linux: "PROFILE_VAR=from-profile", windows: ""}
                dataPlane:
                  sessionLogDirectory: "%s"
                """.formatted(logs);
        try (ShellSandbox sandbox = new ShellSandbox(yaml); ShellClient client = sandbox.openShell()) {
            client.type("echo \"[${PROFILE_VAR:-unset}]\"; exit\r");

            client.channelClosed().get(10, TimeUnit.SECONDS);
            assertThat(client.terminalText()).contains("[from-profile]\n");

            Path folder = logs.resolve("session-logs").resolve("shells");
            await().atMost(Duration.ofSeconds(5)).until(() -> logText(folder).contains("[from-profile]"));
            // One file per session, named as the agent names the upload: <SessionId>.log.
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .containsExactly(client.sessionId() + ".log");
            }
        }
    }

    @Test
    void runAsStartsTheShellAsTheDefaultUser() throws Exception {
        assumeThat(System.getProperty("user.name")).as("RunAs needs a sandbox running as root").isEqualTo("root");
        String yaml = """
                session:
                  preferences:
                    runAsEnabled: true
                    runAsDefaultUser: nobody
                """;
        try (ShellSandbox sandbox = new ShellSandbox(yaml); ShellClient client = sandbox.openShell()) {
            client.type("echo \"user=$(id -un) home=$HOME\"; exit\r");

            client.channelClosed().get(10, TimeUnit.SECONDS);
            assertThat(client.terminalText()).contains("user=nobody home=/home/nobody\n");
        }
    }

    @Test
    void anUnknownRunAsUserFailsTheSessionWithTheAgentsText() throws Exception {
        String yaml = """
                session:
                  preferences:
                    runAsEnabled: true
                    runAsDefaultUser: no-such-user-for-warden
                """;
        try (ShellSandbox sandbox = new ShellSandbox(yaml); ShellClient client = sandbox.openShell()) {
            ChannelClosed closed = client.channelClosed().get(10, TimeUnit.SECONDS);

            String expected = System.getProperty("user.name").equals("root")
                    ? "failed to start pty since RunAs user no-such-user-for-warden does not exist"
                    : "the agent must run as root to use RunAs";
            assertThat(closed.output())
                    .isEqualTo("\n----------ERROR-------\nUnable to start command: " + expected + "\n");
            assertThat(client.received()).isEmpty();
        }
    }

    @Test
    void aShellWithAKmsKeyIsEncryptedBothWays() throws Exception {
        String yaml = """
                session:
                  preferences:
                    kmsKeyId: alias/session-manager
                """;
        try (ShellSandbox sandbox = new ShellSandbox(yaml); ShellClient client = sandbox.openEncryptedShell()) {
            client.handshakeComplete().get(10, TimeUnit.SECONDS);
            assertThat(client.isEncrypted()).isTrue();
            client.type("echo secret-$((6 * 7)); exit 5\r");

            client.channelClosed().get(10, TimeUnit.SECONDS);
            assertThat(client.terminalText()).contains("secret-42\n");
            assertThat(client.exitCode()).as("a shell reports no exit code").isEmpty();
        }
    }

    private static String logText(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return "";
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> logs = files.filter(f -> f.toString().endsWith(".log")).toList();
            StringBuilder text = new StringBuilder();
            for (Path log : logs) {
                text.append(Files.readString(log, StandardCharsets.UTF_8));
            }
            return text.toString();
        }
    }
}
