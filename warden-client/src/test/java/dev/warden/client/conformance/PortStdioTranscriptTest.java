package dev.warden.client.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.port.PortMode;
import dev.warden.client.testing.FakeSsmEndpoint;
import dev.warden.client.testing.ScriptedDataChannelServer;
import dev.warden.client.testing.TestCredentials;
import dev.warden.client.testing.Transcript;
import dev.warden.client.testing.TranscriptReplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transcript a (port session in standard-stream mode, as an SSH ProxyCommand): the client answers the handshake,
 * acknowledges and sends data exactly as the official client did, the caller's stream carries the agent's bytes
 * exactly, and channel_closed ends the session with the service's message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PortStdioTranscriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "sess-a-0123456789abcdef0";

    @Test
    void plays_the_official_clients_side_of_transcript_a() throws Exception {
        Transcript transcript = Transcript.load("a-port-stdio.jsonl");
        try (ScriptedDataChannelServer server = ScriptedDataChannelServer.start();
             FakeSsmEndpoint endpoint = FakeSsmEndpoint.start()) {
            String url = server.streamUrl(SESSION, "AAEAAb+c/d==");
            TestCredentials credentials = new TestCredentials(Instant.now().plus(1, ChronoUnit.HOURS));
            try (ClientUnderTest client = new ClientUnderTest(endpoint, credentials,
                    ClientUnderTest.recordedClientOptions().build(),
                    new SessionCoordinates(SESSION, "TOKEN-a-1", url), null)) {
                TranscriptReplay replay = new TranscriptReplay(server);
                replay.play(transcript, new TranscriptReplay.Hooks() {
                    @Override
                    public void writeClientData(byte[] bytes) throws Exception {
                        client.write(bytes);
                    }

                    @Override
                    public void onUpgrade(int conn, ScriptedDataChannelServer.PeerConnection connection,
                                          JsonNode line) {
                        // The dialled URL is the StreamUrl verbatim, padding and all (the plugin's request line).
                        assertThat(connection.uri()).isEqualTo(
                                "/v1/data-channel/" + SESSION + "?role=publish_subscribe&cell-number=AAEAAb+c/d==");
                        // Unlike 1.2.677.0, the upgrade is SigV4-signed as 1.2.764.0+ signs it.
                        assertThat(connection.headers().get("Authorization"))
                                .startsWith("AWS4-HMAC-SHA256 Credential=ASIATEST1/")
                                .contains("/us-east-1/ssmmessages/aws4_request")
                                .contains("SignedHeaders=host;x-amz-date;x-amz-security-token");
                        assertThat(connection.headers().get("X-Amz-Security-Token")).isEqualTo("token-1");
                        assertThat(connection.headers().contains("Origin")).isFalse();
                        assertThat(connection.headers().contains("Sec-WebSocket-Extensions")).isFalse();
                    }

                    @Override
                    public void onOpenDataChannel(int conn, String text, JsonNode line) {
                        JsonNode sent = read(text);
                        JsonNode recorded = line.path("textJson");
                        assertThat(fieldNames(sent)).isEqualTo(fieldNames(recorded));
                        assertThat(sent.path("MessageSchemaVersion").asText()).isEqualTo("1.0");
                        assertThat(sent.path("TokenValue").asText()).isEqualTo("TOKEN-a-1");
                        assertThat(sent.path("ClientVersion").asText()).isEqualTo("1.2.677.0");
                        assertThat(sent.path("RequestId").asText()).matches(UUID_V4);
                        assertThat(sent.path("ClientId").asText()).matches(UUID_V4);
                    }
                });

                ByteArrayOutputStream agentBytes = new ByteArrayOutputStream();
                for (JsonNode line : transcript.lines()) {
                    if (Transcript.isBinary(line) && !Transcript.fromClient(line)
                            && "output_stream_data".equals(Transcript.messageType(line))
                            && Transcript.payloadType(line) == 1) {
                        agentBytes.write(Transcript.payload(line));
                    }
                }
                assertThat(client.receivedUntilEnd()).isEqualTo(agentBytes.toByteArray());
                // The first keepalive ping goes out right after the upgrade, as the plugin's ping loop starts.
                assertThat(replay.connection(1).nextPing(java.time.Duration.ofSeconds(1))).isEqualTo("keepalive");
                assertThat(client.session.get().mode()).isEqualTo(PortMode.BYTE_STREAM);
                SessionEnd end = client.end();
                assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CLOSED_BY_SERVICE);
                assertThat(end.message()).isEqualTo("Exiting session with sessionId: " + SESSION + ".");
                assertThat(replay.frames().tolerated()).isEmpty();
            }
        }
    }

    static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + e.getMessage());
        }
    }

    static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
