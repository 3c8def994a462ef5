package dev.warden.client.e2e;

import dev.warden.client.ClientOptions;
import dev.warden.client.SessionEnd;
import dev.warden.client.WardenClient;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortMode;
import dev.warden.client.port.PortSession;
import dev.warden.client.port.PortStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Port sessions through the real sandbox to a real loopback echo service: 100 MB through the local TCP listener of
 * a multiplexed session, a byte-stream (SSH) session through a caller stream, and basic mode with an agent older
 * than smux.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PortForwardingEndToEndTest {

    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    private static SandboxFixture fixture;
    private static WardenClient client;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SandboxFixture("""
                dataPlane:
                  payloadSize: 32768
                """);
        client = fixture.client(fixture.staticCredentials(), ClientOptions.builder().chunkSize(32 * 1024).build());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        fixture.close();
    }

    @Test
    void moves_100_mb_intact_through_a_multiplexed_session_and_its_local_listener() throws Exception {
        PortSession session = client.startPortSession(SandboxFixture.portForwarding(SandboxFixture.NEW_AGENT, 80),
                LocalPort.listen(0), null).get(20, TimeUnit.SECONDS);
        assertThat(session.mode()).isEqualTo(PortMode.MULTIPLEXED);
        InetSocketAddress local = session.localAddress().orElseThrow();
        assertThat(local.getAddress().isLoopbackAddress()).isTrue();
        long started = System.nanoTime();
        EchoTransfer.Result result;
        try (Socket socket = new Socket(local.getAddress(), local.getPort())) {
            result = new EchoTransfer().run(socket.getInputStream(), socket.getOutputStream(), HUNDRED_MB, 100);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("100 MB echoed through the sandbox in %.1f s (%.1f MB/s each way)%n", seconds,
                100 / seconds);
        assertThat(result.received()).isEqualTo(HUNDRED_MB);
        assertThat(result.receivedDigest()).isEqualTo(result.sentDigest());
        session.close();
        SessionEnd end = session.completion().get(10, TimeUnit.SECONDS);
        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CLOSED_BY_CLIENT);
    }

    @Test
    void carries_an_ssh_style_byte_stream_through_a_caller_stream() throws Exception {
        PortSession session = client.startPortSession(SandboxFixture.ssh(SandboxFixture.NEW_AGENT),
                LocalPort.none(), null).get(20, TimeUnit.SECONDS);
        assertThat(session.mode()).isEqualTo(PortMode.BYTE_STREAM);
        assertThat(session.localAddress()).isEmpty();
        PortStream stream = session.openStream();
        EchoTransfer.Result result = new EchoTransfer().run(stream.input(), stream.output(), 3_000_000, 22);
        assertThat(result.receivedDigest()).isEqualTo(result.sentDigest());
        stream.output().close(); // end of standard input ends the session, as with the plugin
        assertThat(session.completion().get(10, TimeUnit.SECONDS).reason())
                .isEqualTo(SessionEnd.Reason.CLOSED_BY_CLIENT);
    }

    @Test
    void forwards_in_basic_mode_for_an_agent_older_than_smux() throws Exception {
        PortSession session = client.startPortSession(SandboxFixture.portForwarding(SandboxFixture.OLD_AGENT, 80),
                LocalPort.listen(0), null).get(20, TimeUnit.SECONDS);
        assertThat(session.mode()).isEqualTo(PortMode.BASIC);
        InetSocketAddress local = session.localAddress().orElseThrow();
        for (int connection = 0; connection < 2; connection++) { // one at a time, then DisconnectToPort
            try (Socket socket = new Socket(local.getAddress(), local.getPort())) {
                EchoTransfer.Result result = new EchoTransfer().run(socket.getInputStream(),
                        socket.getOutputStream(), 1_000_000, connection);
                assertThat(result.receivedDigest()).isEqualTo(result.sentDigest());
            }
        }
        session.close();
        assertThat(session.completion().get(10, TimeUnit.SECONDS).isNormal()).isTrue();
    }
}
