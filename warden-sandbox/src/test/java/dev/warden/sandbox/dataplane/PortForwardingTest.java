package dev.warden.sandbox.dataplane;

import static dev.warden.sandbox.dataplane.DataPlaneHarness.NEW_AGENT;
import static dev.warden.sandbox.dataplane.DataPlaneHarness.OLD_AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.protocol.payload.ChannelClosed;
import dev.warden.protocol.payload.HandshakeRequest;
import dev.warden.protocol.payload.PortFlag;
import dev.warden.protocol.smux.SmuxStream;
import dev.warden.protocol.smux.SmuxStreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.SessionState;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

/** Port sessions through the data plane to a real loopback echo server, in basic and multiplexed mode. */
class PortForwardingTest extends DefaultHarnessTest {

    private static final String CLIENT = "1.2.677.0";

    @Test
    void sshSessionForwardsBytesBothWaysInBasicMode() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            HandshakeRequest request = client.handshakeRequest().get(5, TimeUnit.SECONDS);
            assertThat(request.agentVersion()).isEqualTo("3.3.987.0");
            assertThat(request.sessionTypeAction().orElseThrow().sessionType()).isEqualTo("Port");
            assertThat(request.sessionTypeAction().get().properties().toString()).isEqualTo("{\"portNumber\":\"22\"}");
            client.handshakeComplete().get(5, TimeUnit.SECONDS);

            byte[] data = randomBytes(5000, 1);
            client.sendOutput(data);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.output().length >= data.length);
            assertThat(client.output()).isEqualTo(data);
            assertThat(harness.ssm.describeSessions(r -> r.state(SessionState.ACTIVE)).sessions())
                    .anySatisfy(s -> assertThat(s.sessionId()).isEqualTo(started.sessionId()));
        }
    }

    @Test
    void clientsBefore1_1_70GetBasicModeForLocalPortForwarding() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartPortForwardingSession",
                Map.of("portNumber", "80"));
        try (ProtocolClient client = new ProtocolClient("1.1.61.0").connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            byte[] data = randomBytes(3000, 2);
            client.sendOutput(data);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.output().length >= data.length);
            assertThat(client.output()).isEqualTo(data);
        }
    }

    @Test
    void localPortForwardingIsMultiplexedWithOneDestinationConnectionPerStream() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartPortForwardingSession",
                Map.of("portNumber", "80"));
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            client.startMux();
            int before = harness.echo.connections();
            Collected first = openStream(client);
            Collected second = openStream(client);
            byte[] a = randomBytes(40_000, 3);
            byte[] b = randomBytes(7_000, 4);
            write(client, first.stream, a);
            write(client, second.stream, b);
            await().atMost(Duration.ofSeconds(15)).until(() -> first.size() >= a.length && second.size() >= b.length);
            assertThat(first.bytes()).isEqualTo(a);
            assertThat(second.bytes()).isEqualTo(b);
            assertThat(harness.echo.connections() - before).isEqualTo(2);
        }
    }

    @Test
    void remoteHostSessionsReachTheMappedDestination() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartPortForwardingSessionToRemoteHost",
                Map.of("host", "db.internal", "portNumber", "5432"));
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            client.startMux();
            Collected stream = openStream(client);
            byte[] data = randomBytes(2048, 5);
            write(client, stream.stream, data);
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.size() >= data.length);
            assertThat(stream.bytes()).isEqualTo(data);
        }
    }

    @Test
    void refusedPortInBasicModeEndsTheSessionWithTheAgentsDialError() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession",
                Map.of("portNumber", "81"));
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            ChannelClosed closed = client.channelClosed().get(10, TimeUnit.SECONDS);
            assertThat(closed.output())
                    .isEqualTo("Unable to connect to specified port: dial tcp 127.0.0.1:81: connect: connection refused");
            assertThat(closed.sessionId()).isEqualTo(started.sessionId());
            await().atMost(Duration.ofSeconds(5)).until(() -> !harness.ssm.describeSessions(r -> r.state(
                    SessionState.HISTORY)).sessions().stream().filter(s -> s.sessionId().equals(started.sessionId()))
                    .toList().isEmpty());
        }
    }

    @Test
    void refusedPortInMuxModeSendsConnectToPortErrorAndKeepsTheSession() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartPortForwardingSession",
                Map.of("portNumber", "81"));
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            client.startMux();
            Collected stream = openStream(client);
            write(client, stream.stream, "hello".getBytes());
            await().atMost(Duration.ofSeconds(10)).until(() -> client.flags().contains(PortFlag.CONNECT_TO_PORT_ERROR));
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.closed);
            assertThat(client.channelClosed()).isNotDone();
            assertThat(harness.sandbox.controlPlane().sessions().find(started.sessionId()).orElseThrow().status()
                    .isActive()).isTrue();
        }
    }

    @Test
    void agentsBeforeSmuxForwardInBasicModeEvenForNewClients() throws Exception {
        StartSessionResponse started = harness.startSession(OLD_AGENT, "AWS-StartPortForwardingSession",
                Map.of("portNumber", "80"));
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            assertThat(client.handshakeRequest().get(5, TimeUnit.SECONDS).agentVersion()).isEqualTo("3.0.100.0");
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            // The client decides from the agent's version: no smux, so raw bytes; the agent must agree.
            byte[] data = randomBytes(1500, 6);
            client.sendOutput(data);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.output().length >= data.length);
            assertThat(client.output()).isEqualTo(data);
        }
    }

    @Test
    void terminateSessionFlagEndsAPortSession() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            client.sendFlag(PortFlag.TERMINATE_SESSION);
            ChannelClosed closed = client.channelClosed().get(10, TimeUnit.SECONDS);
            assertThat(closed.output()).isEmpty();
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The bytes an smux stream receives. */
    static final class Collected implements SmuxStreamListener {
        final SmuxStream stream;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        volatile boolean closed;

        Collected(SmuxStream stream) {
            this.stream = stream;
        }

        synchronized int size() {
            return received.size();
        }

        synchronized byte[] bytes() {
            return received.toByteArray();
        }

        @Override
        public void onReadable(SmuxStream s) {
            ByteBuf data = s.read();
            synchronized (this) {
                byte[] bytes = new byte[data.readableBytes()];
                data.readBytes(bytes);
                received.writeBytes(bytes);
            }
            data.release();
        }

        @Override
        public void onClosed(SmuxStream s) {
            closed = true;
        }

        @Override
        public void onFinReceived(SmuxStream s) {
            closed = true;
        }
    }

    static Collected openStream(ProtocolClient client) {
        return client.call(() -> {
            SmuxStream stream = client.mux().session().openStream();
            Collected collected = new Collected(stream);
            stream.listener(collected);
            return collected;
        });
    }

    static void write(ProtocolClient client, SmuxStream stream, byte[] data) {
        client.call(() -> stream.write(Unpooled.wrappedBuffer(data)));
    }
}
