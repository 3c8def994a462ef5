package dev.warden.sandbox.dataplane;

import static dev.warden.sandbox.dataplane.DataPlaneHarness.NEW_AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

/** Faults switched on while the sandbox runs: agent delay, publication pauses, refused upgrades. */
class PublicationAndDelayFaultsTest extends DefaultHarnessTest {

    private static final String CLIENT = "1.2.764.0";

    @Test
    void agentReplyDelayHoldsBackEveryAgentFrame() throws Exception {
        harness.sandbox.faults().agentReplyDelay(Duration.ofMillis(600));
        try {
            StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
            long begin = System.nanoTime();
            try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
                client.handshakeRequest().get(10, TimeUnit.SECONDS);
                assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
                // HandshakeComplete is a second agent frame, delayed again after the client's answer.
                client.handshakeComplete().get(10, TimeUnit.SECONDS);
                assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
            }
        } finally {
            harness.sandbox.faults().agentReplyDelay(Duration.ZERO);
        }
    }

    @Test
    void publicationPausesDelayOutputButLoseNothing() throws Exception {
        harness.sandbox.faults().pausePublication(Duration.ofMillis(200), Duration.ofMillis(150));
        try {
            StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
            try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
                client.handshakeComplete().get(10, TimeUnit.SECONDS);
                byte[] data = PortForwardingTest.randomBytes(30_000, 41);
                for (int i = 0; i < 5; i++) {
                    client.sendOutput(java.util.Arrays.copyOfRange(data, i * 6000, (i + 1) * 6000));
                    Thread.sleep(120);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> client.output().length >= data.length);
                assertThat(client.output()).isEqualTo(data);
            }
        } finally {
            harness.sandbox.faults().pausePublication(null, Duration.ofSeconds(1));
        }
    }

    @Test
    void rejectDataChannelRefusesEveryUpgradeWithHttp503() {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        harness.sandbox.faults().rejectDataChannel(true);
        try {
            assertThatThrownBy(() -> WsClient.connect(URI.create(started.streamUrl())))
                    .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(503));
        } finally {
            harness.sandbox.faults().rejectDataChannel(false);
        }
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            assertThat(client.handshakeRequest()).succeedsWithin(Duration.ofSeconds(5));
        }
    }
}
