package dev.warden.sandbox.dataplane;

import static dev.warden.sandbox.dataplane.DataPlaneHarness.NEW_AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ResumeSessionResponse;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

/** A client that loses its connection and resumes gets what the agent sent and it never acknowledged. */
class ResumeTest extends DefaultHarnessTest {

    private static final String CLIENT = "1.2.764.0";

    @Test
    void afterResumeSessionTheAgentResendsWhatTheClientDidNotAcknowledge() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);

            // The link breaks one way: the echo comes back on the old connection but is never acknowledged.
            client.deaf(true);
            byte[] data = PortForwardingTest.randomBytes(4000, 11);
            client.sendOutput(data);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.ignoredFrames() >= 4);
            client.dropConnection();
            await().atMost(Duration.ofSeconds(5)).until(() -> harness.sandbox.controlPlane().sessions()
                    .find(started.sessionId()).orElseThrow().status().name().equals("Disconnected"));
            assertThat(client.output()).isEmpty();

            ResumeSessionResponse resumed = harness.ssm.resumeSession(r -> r.sessionId(started.sessionId()));
            assertThat(resumed.tokenValue()).isNotEqualTo(started.tokenValue());
            assertThat(resumed.streamUrl()).isNotEqualTo(started.streamUrl());
            // The old token no longer opens the channel.
            WsClient stale = WsClient.connect(URI.create(started.streamUrl()));
            stale.sendText(new String(dev.warden.protocol.payload.ClientOpenDataChannel.of(UUID.randomUUID(),
                    started.tokenValue(), UUID.randomUUID(), CLIENT).encode(), StandardCharsets.UTF_8));
            assertThat(stale.closed().get(5, TimeUnit.SECONDS).code()).isEqualTo(1008);

            client.deaf(false);
            client.connect(resumed.streamUrl(), resumed.tokenValue());
            await().atMost(Duration.ofSeconds(10)).until(() -> client.output().length >= data.length);
            assertThat(client.output()).isEqualTo(data);
            assertThat(harness.sandbox.controlPlane().sessions().find(started.sessionId()).orElseThrow().status()
                    .name()).isEqualTo("Connected");
        }
    }

    @Test
    void theOfficialClientsReconnectToItsFirstStreamUrlWorksToo() throws Exception {
        // Clients up to 1.2.792 ignore the new StreamUrl and dial the first one with the new token.
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient client = new ProtocolClient("1.2.677.0").connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            client.dropConnection();
            ResumeSessionResponse resumed = harness.ssm.resumeSession(r -> r.sessionId(started.sessionId()));
            client.connect(started.streamUrl(), resumed.tokenValue());
            byte[] data = PortForwardingTest.randomBytes(1500, 12);
            client.sendOutput(data);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.output().length >= data.length);
            assertThat(client.output()).isEqualTo(data);
        }
    }
}
