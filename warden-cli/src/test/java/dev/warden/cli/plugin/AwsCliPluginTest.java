package dev.warden.cli.plugin;

import dev.warden.cli.testing.Tmux;
import dev.warden.sandbox.testing.SandboxClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SessionState;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aws ssm start-session} (the official AWS CLI v2, a real process) with warden's launcher as its
 * session-manager-plugin, against the sandbox: port forwarding in smux and basic mode, an SSH byte stream whose
 * stdout carries nothing but the remote bytes, and an interactive shell typed into through tmux.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AwsCliPluginTest {

    private static final Pattern PORT_OPENED = Pattern.compile("Port (\\d+) opened for sessionId (\\S+)\\.");

    @TempDir
    static Path temp;

    private static AwsCliWithWardenPlugin world;

    @BeforeAll
    static void start() throws IOException {
        world = new AwsCliWithWardenPlugin(temp);
    }

    @AfterAll
    static void stop() throws IOException {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void port_forwarding_through_smux_carries_data_to_the_instance_and_ends_when_the_session_is_terminated()
            throws Exception {
        forwardAndEcho(AwsCliWithWardenPlugin.SMUX_AGENT);
    }

    @Test
    void port_forwarding_in_basic_mode_carries_data_to_the_instance() throws Exception {
        forwardAndEcho(AwsCliWithWardenPlugin.BASIC_AGENT);
    }

    @Test
    void an_ssh_session_is_a_byte_stream_with_nothing_but_the_remote_bytes_on_stdout() throws Exception {
        Process aws = world.aws("ssm", "start-session", "--target", AwsCliWithWardenPlugin.SMUX_AGENT,
                "--document-name", "AWS-StartSSHSession", "--parameters", "portNumber=22").start();
        assertOnlyEchoOnStdout(aws, 256 * 1024);
    }

    @Test
    void the_profile_the_cli_names_gives_the_plugins_credentials() throws Exception {
        Path home = Files.createDirectories(temp.resolve("profile-home"));
        Files.writeString(home.resolve("config"), "[profile sandbox]\nregion = " + world.sandbox.region() + "\n");
        Files.writeString(home.resolve("credentials"), "[sandbox]\naws_access_key_id = "
                + world.sandbox.accessKeyId() + "\naws_secret_access_key = " + world.sandbox.secretAccessKey() + "\n");
        ProcessBuilder builder = world.aws("--profile", "sandbox", "ssm", "start-session", "--target",
                AwsCliWithWardenPlugin.SMUX_AGENT, "--document-name", "AWS-StartSSHSession",
                "--parameters", "portNumber=22");
        // No keys in the environment: only the profile (argv[4] of the plugin) can sign the data channel.
        builder.environment().keySet().removeAll(java.util.Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"));
        builder.environment().put("AWS_CONFIG_FILE", home.resolve("config").toString());
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        assertOnlyEchoOnStdout(builder.start(), 16 * 1024);
    }

    @Test
    void newer_clis_pass_the_response_in_the_environment_variable_they_name() throws Exception {
        String response;
        try (SsmClient ssm = SandboxClients.withoutRetries(SsmClient.builder(), world.sandbox)) {
            var started = ssm.startSession(r -> r.target(AwsCliWithWardenPlugin.SMUX_AGENT)
                    .documentName("AWS-StartSSHSession").parameters(java.util.Map.of("portNumber",
                            java.util.List.of("22"))));
            response = "{\"SessionId\": \"" + started.sessionId() + "\", \"TokenValue\": \"" + started.tokenValue()
                    + "\", \"StreamUrl\": \"" + started.streamUrl() + "\"}";
        }
        ProcessBuilder plugin = new ProcessBuilder(world.bin.resolve("session-manager-plugin").toString(),
                "AWS_SSM_START_SESSION_RESPONSE", world.sandbox.region(), "StartSession", "",
                "{\"Target\": \"" + AwsCliWithWardenPlugin.SMUX_AGENT + "\", \"DocumentName\": \"AWS-StartSSHSession\"}",
                world.sandbox.endpoint().toString());
        plugin.environment().clear();
        plugin.environment().putAll(world.environment());
        plugin.environment().put("AWS_SSM_START_SESSION_RESPONSE", response);
        assertOnlyEchoOnStdout(plugin.start(), 16 * 1024);
    }

    /** Sends random bytes to the process's stdin and expects exactly them back on stdout, then a clean exit. */
    private static void assertOnlyEchoOnStdout(Process process, int size) throws Exception {
        try {
            CompletableFuture<String> stderr = readAll(process.getErrorStream());
            byte[] sent = randomBytes(size, size);
            OutputStream stdin = process.getOutputStream();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    stdin.write(sent);
                    stdin.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            InputStream stdout = process.getInputStream();
            byte[] echoed = stdout.readNBytes(sent.length);
            writing.get(60, TimeUnit.SECONDS);
            assertThat(echoed).as("stdout starts with the echo of every byte, nothing before it; stderr: %s",
                    stderr.getNow("")).isEqualTo(sent);

            stdin.close(); // end of input ends the session, as with the official plugin
            byte[] rest = stdout.readAllBytes();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(rest).as("nothing on stdout after the remote bytes").isEmpty();
            assertThat(process.exitValue()).as(stderr.get()).isZero();
            assertThat(stderr.get()).doesNotContain("Cannot perform start session");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void an_interactive_shell_runs_a_command_in_a_real_terminal() throws Exception {
        Path exit = temp.resolve("shell.exit");
        Path script = world.script(temp.resolve("shell.sh"), exit, "ssm", "start-session", "--target",
                AwsCliWithWardenPlugin.SMUX_AGENT);
        try (Tmux tmux = Tmux.start(Files.createDirectories(temp.resolve("tmux-shell")), 100, 30, script)) {
            tmux.awaitPrompt(Duration.ofSeconds(60));
            assertThat(tmux.screen()).contains("Starting session with SessionId");
            tmux.type("echo hello-$((6 * 7)); stty size");
            tmux.keys("Enter");
            tmux.awaitScreen("the command's output", s -> s.contains("hello-42") && s.contains("30 100"),
                    Duration.ofSeconds(60));
            tmux.type("exit");
            tmux.keys("Enter");
            tmux.awaitScreen("aws to exit", s -> Files.exists(exit), Duration.ofSeconds(60));
            assertThat(Files.readString(exit).trim()).isEqualTo("0");
        }
    }

    @Test
    void the_cli_sees_the_version_and_the_presence_check_of_the_official_plugin() throws Exception {
        Process version = new ProcessBuilder(world.bin.resolve("session-manager-plugin").toString(), "--version")
                .start();
        String printed = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(printed.trim()).matches("^\\d+(\\.\\d+){0,3}$");

        Process check = new ProcessBuilder(world.bin.resolve("session-manager-plugin").toString()).start();
        String installed = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).isZero();
        assertThat(installed).contains("The Session Manager plugin was installed successfully");
    }

    private void forwardAndEcho(String target) throws Exception {
        Process aws = world.aws("ssm", "start-session", "--target", target, "--document-name",
                "AWS-StartPortForwardingSession", "--parameters", "portNumber=80,localPortNumber=0").start();
        CompletableFuture<String> stderr = readAll(aws.getErrorStream());
        try {
            Matcher opened = awaitLine(aws.getInputStream(), PORT_OPENED, stderr);
            int port = Integer.parseInt(opened.group(1));
            String sessionId = opened.group(2);
            for (int connection = 0; connection < 2; connection++) { // basic mode serves them one after another
                byte[] sent = randomBytes(64 * 1024, connection);
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setSoTimeout(60_000);
                    socket.getOutputStream().write(sent);
                    assertThat(socket.getInputStream().readNBytes(sent.length)).isEqualTo(sent);
                }
            }
            try (SsmClient ssm = SandboxClients.withoutRetries(SsmClient.builder(), world.sandbox)) {
                ssm.terminateSession(r -> r.sessionId(sessionId));
                assertThat(aws.waitFor(60, TimeUnit.SECONDS)).as("the plugin exits when the session ends").isTrue();
                assertThat(aws.exitValue()).as(stderr.get()).isZero();
                assertThat(ssm.describeSessions(r -> r.state(SessionState.ACTIVE)).sessions())
                        .noneMatch(s -> s.sessionId().equals(sessionId));
            }
        } finally {
            aws.destroyForcibly();
        }
    }

    private static Matcher awaitLine(InputStream in, Pattern pattern, CompletableFuture<String> stderr)
            throws IOException {
        StringBuilder seen = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            seen.append((char) c);
            Matcher m = pattern.matcher(seen);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("the plugin ended without opening a port; stdout: " + seen + "; stderr: "
                + stderr.getNow(""));
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        return CompletableFuture.supplyAsync(() -> {
            try {
                in.transferTo(copy);
            } catch (IOException e) {
                // the process went away
            }
            return copy.toString(StandardCharsets.UTF_8);
        });
    }

    private static void awaitFile(Path file, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " did not appear in " + timeout);
            }
            Thread.sleep(100); // polling for the file; its presence is what the test waits for
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
