package dev.warden.cli.tunnel;

import dev.warden.cli.ExitCodes;
import dev.warden.cli.testing.WardenProcess;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.EchoServer;
import dev.warden.sandbox.testing.SandboxClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SessionState;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input and the service's own ends, each a one-line error on stderr and a documented exit code, with warden as
 * a real process against the sandbox. The sandbox counts one "minute" of idleSessionTimeout as two seconds.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ErrorsAndEndingsTest {

    private static final String INSTANCE = "i-0aaaaaaaaaaaaaaa1";

    @TempDir
    static Path home;

    private static EchoServer echo;
    private static Sandbox sandbox;

    @BeforeAll
    static void start() throws IOException {
        echo = new EchoServer();
        sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                session:
                  timeoutUnit: 2s
                  preferences:
                    idleSessionTimeout: "3"
                fleet:
                  - instanceId: %s
                    name: web-prod-1
                    agentVersion: 3.3.987.0
                    portMappings: {80: "127.0.0.1:%d"}
                  - instanceId: i-0aaaaaaaaaaaaaaa2
                    name: worker
                  - instanceId: i-0aaaaaaaaaaaaaaa3
                    name: worker
                """.formatted(INSTANCE, echo.port()), "errors.yaml"));
        WardenProcess.writeAwsConfig(home, "");
    }

    @AfterAll
    static void stop() throws IOException {
        sandbox.close();
        echo.close();
    }

    @Test
    void a_malformed_forwarding_spec_is_a_usage_error() throws Exception {
        Run run = run("forward", INSTANCE, "8080");
        assertThat(run.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr).contains("invalid forwarding spec '8080'").contains("[BIND:]LOCALPORT");
    }

    @Test
    void an_unknown_flag_is_a_usage_error() throws Exception {
        Run run = run("ssh-proxy", "--bogus", INSTANCE);
        assertThat(run.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr).contains("Unknown option: '--bogus'");
    }

    @Test
    void an_unknown_target_names_what_was_looked_for() throws Exception {
        Run run = run("ssh-proxy", "no-such-host");
        assertThat(run.exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.stderr.strip()).isEqualTo("warden: no managed instance with the Name tag 'no-such-host' in "
                + "this account and region; check the name, --region and --profile");
    }

    @Test
    void an_ambiguous_name_lists_the_candidates() throws Exception {
        Run run = run("forward", "worker", "0:80");
        assertThat(run.exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.stderr).contains("2 managed instances match 'worker': ").contains("i-0aaaaaaaaaaaaaaa2 (worker)").contains("i-0aaaaaaaaaaaaaaa3 (worker)");
    }

    @Test
    void a_local_port_in_use_is_a_failure_naming_the_port() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = run("forward", INSTANCE, taken.getLocalPort() + ":80");
            assertThat(run.exit).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.stderr).contains("Cannot listen on the local port").contains("in use");
        }
    }

    @Test
    void an_unreachable_endpoint_is_a_failure() throws Exception {
        Map<String, String> env = new HashMap<>(credentials());
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + EchoServer.unusedPort());
        Run run = run(env, "ssh-proxy", INSTANCE);
        assertThat(run.exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.stderr).contains("StartSession (AWS-StartSSHSession on " + INSTANCE + ") failed");
    }

    @Test
    void no_region_is_a_usage_error() throws Exception {
        Map<String, String> env = new HashMap<>(credentials());
        env.remove("AWS_REGION");
        Run run = run(env, "ssh-proxy", INSTANCE);
        assertThat(run.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr).contains("no region: give --region");
    }

    @Test
    void terminate_session_ends_the_forward_with_the_services_code() throws Exception {
        try (WardenProcess warden = WardenProcess.start(home, credentials(), "forward", INSTANCE, "0:80");
             SsmClient ssm = SandboxClients.withoutRetries(SsmClient.builder(), sandbox)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> warden.stderr().contains("Forwarding "));
            String sessionId = ssm.describeSessions(r -> r.state(SessionState.ACTIVE)).sessions().stream()
                    .filter(s -> s.target().equals(INSTANCE)).findFirst().orElseThrow().sessionId();
            ssm.terminateSession(r -> r.sessionId(sessionId));
            assertThat(warden.waitFor(30)).as("stderr:%n%s", warden.stderr()).isEqualTo(ExitCodes.ENDED_BY_SERVICE);
            assertThat(warden.stderr()).contains("warden: the service ended the session: Exiting session with "
                    + "sessionId: " + sessionId);
        }
    }

    @Test
    void an_idle_timeout_is_shown_with_the_services_reason() throws Exception {
        try (WardenProcess warden = WardenProcess.start(home, credentials(), "forward", INSTANCE, "0:80")) {
            assertThat(warden.waitFor(60)).as("stderr:%n%s", warden.stderr()).isEqualTo(ExitCodes.ENDED_BY_SERVICE);
            assertThat(warden.stderr()).contains("timed out due to inactivity");
        }
    }

    private record Run(int exit, String stderr) {
    }

    private static Map<String, String> credentials() {
        return Map.of("AWS_ACCESS_KEY_ID", sandbox.accessKeyId(), "AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey(),
                "AWS_REGION", sandbox.region(), "AWS_ENDPOINT_URL", sandbox.endpoint().toString());
    }

    private static Run run(String... args) throws Exception {
        return run(credentials(), args);
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        try (WardenProcess warden = WardenProcess.start(home, env, args)) {
            warden.process().getOutputStream().close();
            int exit = warden.waitFor(60);
            assertThat(warden.process().getInputStream().readAllBytes()).as("nothing on stdout").isEmpty();
            return new Run(exit, warden.stderr());
        }
    }
}
