package dev.warden.cli.tunnel;

import dev.warden.cli.testing.CheckedTransfer;
import dev.warden.cli.testing.WardenProcess;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.EchoServer;
import dev.warden.sandbox.testing.SandboxClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SessionState;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code warden forward} (and {@code ssh-proxy} for the byte stream) as real processes against the sandbox, with
 * an echo server behind the emulated instances: several specs, a thousand concurrent connections over one
 * multiplexed session, and 50 MB full duplex while the sandbox drops the data channel every two seconds.
 */
class ForwardProcessTest {

    static final String NEW_AGENT = "i-0aaaaaaaaaaaaaaa1";
    static final String OLD_AGENT = "i-0aaaaaaaaaaaaaaa2";
    private static final Pattern FORWARDING = Pattern.compile("Forwarding (\\S+):(\\d+) -> (\\S+)");

    @TempDir
    Path home;

    private EchoServer echo;
    private Sandbox sandbox;

    @AfterEach
    void stop() throws IOException {
        if (sandbox != null) {
            sandbox.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void two_specs_one_on_port_zero_forward_checked_data() throws Exception {
        start("");
        int fixed = EchoServer.unusedPort();
        try (WardenProcess warden = forward(NEW_AGENT, "0:80", fixed + ":22")) {
            List<InetSocketAddress> listeners = listeners(warden, 2);
            assertThat(listeners.get(1).getPort()).isEqualTo(fixed);
            assertThat(listeners.get(0).getPort()).isNotZero().isNotEqualTo(fixed);
            assertThat(warden.stderr()).contains("-> " + NEW_AGENT + ":80").contains("-> " + NEW_AGENT + ":22");
            for (InetSocketAddress listener : listeners) {
                try (Socket socket = new Socket(listener.getAddress(), listener.getPort())) {
                    CheckedTransfer.Result result = CheckedTransfer.ofSize(socket.getInputStream(),
                            socket.getOutputStream(), 1024 * 1024, listener.getPort());
                    assertThat(result.intact()).as("%s; stderr:%n%s", result, warden.stderr()).isTrue();
                }
            }
            warden.process().destroy(); // SIGTERM: the sessions are terminated, the JVM reports 143
            assertThat(warden.waitFor(30)).isEqualTo(143);
            try (SsmClient ssm = SandboxClients.withoutRetries(SsmClient.builder(), sandbox)) {
                assertThat(ssm.describeSessions(r -> r.state(SessionState.ACTIVE)).sessions())
                        .as("no session left at the service").isEmpty();
            }
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void a_thousand_concurrent_connections_through_one_multiplexed_forward() throws Exception {
        start("");
        try (WardenProcess warden = forward(NEW_AGENT, "0:80")) {
            InetSocketAddress listener = listeners(warden, 1).get(0);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    Socket socket = new Socket();
                    sockets.add(socket);
                    socket.connect(listener, 30_000);
                    socket.setSoTimeout(120_000);
                }
                for (int i = 0; i < sockets.size(); i++) {
                    sockets.get(i).getOutputStream().write(message(i));
                }
                for (int i = 0; i < sockets.size(); i++) {
                    byte[] expected = message(i);
                    byte[] echoed = sockets.get(i).getInputStream().readNBytes(expected.length);
                    assertThat(echoed).as("connection %d; stderr:%n%s", i, warden.stderr()).isEqualTo(expected);
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            assertThat(echo.connections()).as("each connection reached the destination").isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sessions_n_spreads_connections_over_n_sessions_behind_one_listener() throws Exception {
        start("");
        try (WardenProcess warden = forward(NEW_AGENT, "--sessions", "3", "0:80");
             SsmClient ssm = SandboxClients.withoutRetries(SsmClient.builder(), sandbox)) {
            InetSocketAddress listener = listeners(warden, 1).get(0);
            assertThat(warden.stderr()).contains("-> " + NEW_AGENT + ":80 over 3 sessions");
            assertThat(ssm.describeSessions(r -> r.state(SessionState.ACTIVE)).sessions()).hasSize(3);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    Socket socket = new Socket(listener.getAddress(), listener.getPort());
                    sockets.add(socket);
                    CheckedTransfer.Result result = CheckedTransfer.ofSize(socket.getInputStream(),
                            socket.getOutputStream(), 256 * 1024, i);
                    assertThat(result.intact()).as("connection %d: %s; stderr:%n%s", i, result, warden.stderr())
                            .isTrue();
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    /** Each mode of carrying port data, with the data channel dropped every 2 s during 50 MB each way. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"multiplexed", "basic", "byte-stream"})
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void fifty_megabytes_full_duplex_survive_drops_every_two_seconds(String mode) throws Exception {
        start("""
                faults:
                  dropDataChannelAfter: 2s
                """);
        long size = 50L * 1024 * 1024;
        CheckedTransfer.Result result;
        WardenProcess warden;
        if (mode.equals("byte-stream")) {
            warden = WardenProcess.start(home, staticKeys(), "--verbose", "ssh-proxy", NEW_AGENT, "22");
            result = CheckedTransfer.ofSize(warden.process().getInputStream(), warden.process().getOutputStream(),
                    size, 5);
        } else {
            warden = forward(mode.equals("basic") ? OLD_AGENT : NEW_AGENT, "0:80");
            InetSocketAddress listener = listeners(warden, 1).get(0);
            try (Socket socket = new Socket(listener.getAddress(), listener.getPort())) {
                result = CheckedTransfer.ofSize(socket.getInputStream(), socket.getOutputStream(), size, 5);
            }
        }
        try (warden) {
            assertThat(result.intact()).as("%s; stderr:%n%s", result, warden.stderr()).isTrue();
            assertThat(result.received()).isEqualTo(size);
            assertThat(warden.stderr()).as("the data channel was dropped and resumed")
                    .contains("resumed on connection 2")
                    .contains("(" + mode.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + ")");
        }
    }

    private void start(String extraYaml) throws IOException {
        echo = new EchoServer();
        sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                fleet:
                  - instanceId: %s
                    name: web-prod-1
                    agentVersion: 3.3.987.0
                    portMappings: {22: "127.0.0.1:%d", 80: "127.0.0.1:%d"}
                  - instanceId: %s
                    name: legacy-dev-1
                    agentVersion: 3.0.100.0
                    portMappings: {80: "127.0.0.1:%d"}
                """.formatted(NEW_AGENT, echo.port(), echo.port(), OLD_AGENT, echo.port()) + extraYaml,
                "forward.yaml"));
        WardenProcess.writeAwsConfig(home, "");
    }

    private Map<String, String> staticKeys() {
        return Map.of("AWS_ACCESS_KEY_ID", sandbox.accessKeyId(), "AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey(),
                "AWS_REGION", sandbox.region(), "AWS_ENDPOINT_URL", sandbox.endpoint().toString());
    }

    private WardenProcess forward(String target, String... specsAndOptions) throws IOException {
        List<String> args = new ArrayList<>(List.of("--verbose", "forward", target));
        args.addAll(Arrays.asList(specsAndOptions));
        return WardenProcess.start(home, staticKeys(), args.toArray(String[]::new));
    }

    /** The listeners warden announced on stderr, in order, once all {@code count} are up. */
    private static List<InetSocketAddress> listeners(WardenProcess warden, int count) {
        List<InetSocketAddress> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            found.clear();
            Matcher m = FORWARDING.matcher(warden.stderr());
            while (m.find()) {
                found.add(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
            }
            assertThat(found).as("stderr:%n%s", warden.stderr()).hasSize(count);
        });
        return found;
    }

    private static byte[] message(int i) {
        return ("connection " + i + " ".repeat(i % 97) + "end\n").getBytes(StandardCharsets.UTF_8);
    }

}
