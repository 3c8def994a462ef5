package dev.warden.cli.resident;

import dev.warden.cli.ExitCodes;
import dev.warden.cli.testing.SshHost;
import dev.warden.cli.testing.WardenProcess;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.testing.SandboxClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SessionState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The resident process, as users meet it: real {@code warden} processes, the real OpenSSH client with
 * {@code ProxyCommand warden ssh-proxy %h %p}, the sandbox, and an Apache MINA SSHD server behind an emulated
 * instance. The resident runs the launchers' sessions, relays their bytes and exit codes, ends the session of a
 * launcher that is killed, starts with the first ssh-proxy of an environment, and stops when asked.
 */
class ResidentProcessTest {

    private static final String INSTANCE = "i-0aaaaaaaaaaaaaaa1";
    private static final Pattern PID = Pattern.compile("pid (\\d+)");

    @TempDir
    Path home;

    private SshHost host;
    private Sandbox sandbox;
    private Path residents;

    @BeforeEach
    void start() throws Exception {
        host = SshHost.start(home);
        sandbox = host.sandbox(INSTANCE);
        WardenProcess.writeAwsConfig(home, "");
        residents = home.resolve("r");
    }

    @AfterEach
    void stop() throws Exception {
        try {
            warden("resident", "--stop");
        } finally {
            // Whatever happened, no resident of this test outlives it.
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                    .contains(ResidentMain.class.getName() + " " + residents)).forEach(ProcessHandle::destroyForcibly);
            sandbox.close();
            host.close();
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void ssh_through_the_resident_runs_a_command_and_copies_20_mb_intact() throws Exception {
        Run started = warden("resident", "--start");
        assertThat(started.exit).as(started.stderr).isZero();
        assertThat(started.stdout).startsWith("started: resident ").contains("0 command(s) running");

        SshHost.Result hello = host.ssh(INSTANCE, environment(), null, "echo hello from $((6 * 7))");
        assertThat(hello.exit()).as("ssh stderr:%n%s", hello.stderr()).isZero();
        assertThat(hello.stdout()).isEqualTo("hello from 42\n");

        Path local = home.resolve("payload.bin");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        SshHost.writeRandom(local, 20, sha);
        Path remote = home.resolve("copied.bin");
        SshHost.Result copy = host.ssh(INSTANCE, environment(), local,
                "cat > " + remote + " && sha256sum " + remote);
        assertThat(copy.exit()).as("ssh stderr:%n%s", copy.stderr()).isZero();
        assertThat(copy.stdout()).startsWith(HexFormat.of().formatHex(sha.digest()));
        assertThat(Files.size(remote)).isEqualTo(20L * 1024 * 1024);

        assertThat(sockets()).as("the ssh-proxy launchers found the resident of their environment").hasSize(1);
        assertThat(residentLog()).as("the resident ran both sessions")
                .containsPattern("(?s)(running ssh-proxy " + INSTANCE + " 22 .*){2}")
                .containsPattern("(?s)(ended ssh-proxy " + INSTANCE + " 22 .*exit code 0.*){2}");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void a_killed_launcher_ends_its_session_and_exit_codes_and_errors_come_back() throws Exception {
        assertThat(warden("resident", "--start").exit).isZero();
        try (SsmClient ssm = SandboxClients.withoutRetries(SsmClient.builder(), sandbox)) {
            String killedSession;
            try (WardenProcess proxy = sshProxy()) {
                assertThat(banner(proxy)).as("stderr:%n%s", proxy.stderr()).startsWith("SSH-2.0-");
                killedSession = activeSession(ssm);
                assertThat(residentLog()).contains("(launcher pid " + proxy.process().pid() + ")");
                proxy.process().destroyForcibly(); // SIGKILL: the launcher cannot say goodbye
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    sandbox.controlPlane().apiCalls().count("ssm", "TerminateSession", killedSession))
                    .as("the resident terminated the killed launcher's session").isEqualTo(1));

            try (WardenProcess proxy = sshProxy()) {
                assertThat(banner(proxy)).startsWith("SSH-2.0-");
                String sessionId = activeSession(ssm);
                ssm.terminateSession(r -> r.sessionId(sessionId));
                // As in its own process: a byte stream the service closes without a reason is an ordinary end.
                assertThat(proxy.waitFor(30)).as("stderr:%n%s", proxy.stderr()).isEqualTo(ExitCodes.OK);
            }
        }
        Run unknownFlag = warden("ssh-proxy", "--bogus", INSTANCE);
        assertThat(unknownFlag.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownFlag.stderr).contains("Unknown option: '--bogus'");
        Run unknownTarget = warden("ssh-proxy", "no-such-host");
        assertThat(unknownTarget.exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknownTarget.stderr.strip()).isEqualTo("warden: no managed instance with the Name tag "
                + "'no-such-host' in this account and region; check the name, --region and --profile");
        assertThat(unknownTarget.stdout).isEmpty();
        assertThat(residentLog()).as("the resident ran them").contains("running ssh-proxy --bogus")
                .contains("ended ssh-proxy no-such-host (launcher pid");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void the_first_ssh_proxy_of_an_environment_starts_a_resident_which_stops_when_asked() throws Exception {
        try (WardenProcess proxy = sshProxy()) {
            assertThat(banner(proxy)).as("stderr:%n%s", proxy.stderr()).startsWith("SSH-2.0-");
            await().atMost(Duration.ofSeconds(60)).until(() -> sockets().size() == 1);
            assertThat(residentLog()).as("the first launcher ran its session itself")
                    .doesNotContain("launcher pid " + proxy.process().pid());
        }
        Run listed = warden("resident");
        assertThat(listed.stdout).startsWith("resident ").contains("0 command(s) running");
        Run stopped = warden("resident", "--stop");
        assertThat(stopped.exit).isZero();
        Matcher pid = PID.matcher(stopped.stdout);
        assertThat(pid.find()).as(stopped.stdout).isTrue();
        ProcessHandle resident = ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow();
        assertThat(resident.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(sockets()).isEmpty();
        assertThat(residentLog()).contains("leaving: stopped");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void a_resident_lost_mid_session_fails_the_launcher_which_never_runs_the_command_again() throws Exception {
        Run started = warden("resident", "--start");
        Matcher pid = PID.matcher(started.stdout);
        assertThat(pid.find()).as(started.stdout).isTrue();
        try (WardenProcess proxy = sshProxy()) {
            assertThat(banner(proxy)).as("stderr:%n%s", proxy.stderr()).startsWith("SSH-2.0-");
            ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow().destroyForcibly();

            assertThat(proxy.waitFor(30)).as("stderr:%n%s", proxy.stderr()).isEqualTo(ExitCodes.FAILURE);
            assertThat(proxy.stderr()).contains("warden: lost the resident process while it ran this command")
                    .contains(residents.toString());
        }
        assertThat(sandbox.controlPlane().apiCalls().count("ssm", "StartSession"))
                .as("the launcher did not start the session a second time").isEqualTo(1);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void a_directory_open_to_other_users_is_not_used() throws Exception {
        Files.createDirectories(residents, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Run start = warden("resident", "--start");
        assertThat(start.exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(start.stderr).contains("chmod 700 " + residents);
        try (WardenProcess proxy = sshProxy()) {
            assertThat(banner(proxy)).as("the command runs in its own process").startsWith("SSH-2.0-");
            assertThat(proxy.stderr()).contains("warden: not using a resident process: ")
                    .contains("chmod 700 " + residents);
        }
        assertThat(sockets()).isEmpty();
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", sandbox.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey(), "AWS_REGION", sandbox.region(),
                "AWS_ENDPOINT_URL", sandbox.endpoint().toString()));
        env.put("WARDEN_RESIDENT", "on");
        env.put("WARDEN_RESIDENT_DIR", residents.toString());
        env.put("WARDEN_RESIDENT_IDLE", "2m");
        return env;
    }

    private WardenProcess sshProxy() throws IOException {
        return WardenProcess.start(home, environment(), "ssh-proxy", INSTANCE, "22");
    }

    /** The first bytes the SSH server sends: its version line. */
    private static String banner(WardenProcess proxy) throws IOException {
        return new String(proxy.process().getInputStream().readNBytes(8), StandardCharsets.US_ASCII);
    }

    private static String activeSession(SsmClient ssm) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> ssm.describeSessions(r -> r.state(
                        SessionState.ACTIVE)).sessions().stream().filter(s -> s.target().equals(INSTANCE))
                .map(s -> s.sessionId()).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    private List<Path> sockets() throws IOException {
        if (!Files.isDirectory(residents)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(residents)) {
            return files.filter(p -> p.toString().endsWith(".sock")).toList();
        }
    }

    private String residentLog() throws IOException {
        try (Stream<Path> files = Files.list(residents)) {
            StringBuilder log = new StringBuilder();
            for (Path file : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                log.append(Files.readString(file));
            }
            return log.toString();
        }
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run warden(String... args) throws Exception {
        try (WardenProcess warden = WardenProcess.start(home, environment(), args)) {
            warden.process().getOutputStream().close();
            String stdout = new String(warden.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(warden.waitFor(90), stdout, warden.stderr());
        }
    }
}
