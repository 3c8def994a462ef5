package dev.warden.client.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.SessionListener;
import dev.warden.client.testing.FakeSsmEndpoint;
import dev.warden.client.testing.FakeSsmEndpoint.Answer;
import dev.warden.client.testing.ScriptedDataChannelServer;
import dev.warden.client.testing.TestCredentials;
import dev.warden.client.testing.Transcript;
import dev.warden.client.testing.TranscriptReplay;
import dev.warden.protocol.frame.FrameCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.warden.client.conformance.PortStdioTranscriptTest.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transcript d (the websocket drops mid-session): the client calls ResumeSession signed with credentials the
 * provider resolved again (the rotated set, never the first snapshot), dials the StreamUrl ResumeSession returned
 * (the plugin 1.2.677.0 still dialled the old one; the later fix uses the new one) with a freshly signed upgrade,
 * sends OpenDataChannel with the new token and the same ClientId, does not repeat the handshake, re-sends its
 * unacknowledged messages byte for byte, re-acknowledges the agent's duplicate without delivering it twice, and
 * the stream carries every byte exactly once in both directions.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResumeTranscriptTest {

    private static final String SESSION = "sess-d-0123456789abcdef0";

    @Test
    void resumes_with_fresh_credentials_and_the_new_stream_url_without_losing_a_byte() throws Exception {
        Transcript transcript = Transcript.load("d-resume.jsonl");
        try (ScriptedDataChannelServer server = ScriptedDataChannelServer.start();
             FakeSsmEndpoint endpoint = FakeSsmEndpoint.start()) {
            String newUrl = server.streamUrl(SESSION, "TkVXQ0VMTA==");
            endpoint.on("AmazonSSM.ResumeSession", call -> Answer.ok("{\"SessionId\":\"" + SESSION
                    + "\",\"StreamUrl\":\"" + newUrl + "\",\"TokenValue\":\"TOKEN-d-2\"}"));
            TestCredentials credentials = new TestCredentials(Instant.now().plus(1, ChronoUnit.HOURS));
            List<String> events = new CopyOnWriteArrayList<>();
            SessionListener listener = new SessionListener() {
                @Override
                public void onResumed(ResumeTrigger trigger, int connectionNumber, Duration took) {
                    events.add("resumed " + trigger);
                }
            };
            List<String> clientIds = new ArrayList<>();
            List<String> requestIds = new ArrayList<>();
            try (ClientUnderTest client = new ClientUnderTest(endpoint, credentials,
                    ClientUnderTest.recordedClientOptions().build(),
                    new SessionCoordinates(SESSION, "TOKEN-d-1", server.streamUrl(SESSION, "AAEAAb+c/d==")),
                    listener)) {
                TranscriptReplay replay = new TranscriptReplay(server);
                replay.play(transcript, new TranscriptReplay.Hooks() {
                    @Override
                    public void writeClientData(byte[] bytes) throws Exception {
                        client.write(bytes);
                    }

                    @Override
                    public void onUpgrade(int conn, ScriptedDataChannelServer.PeerConnection connection,
                                          JsonNode line) {
                        if (conn == 2) {
                            assertThat(connection.uri()).endsWith("cell-number=TkVXQ0VMTA==");
                            assertThat(connection.headers().get("Authorization"))
                                    .startsWith("AWS4-HMAC-SHA256 Credential=ASIATEST2/");
                            assertThat(connection.headers().get("X-Amz-Security-Token")).isEqualTo("token-2");
                        } else {
                            assertThat(connection.headers().get("Authorization"))
                                    .startsWith("AWS4-HMAC-SHA256 Credential=ASIATEST1/");
                        }
                    }

                    @Override
                    public void onOpenDataChannel(int conn, String text, JsonNode line) {
                        JsonNode sent = read(text);
                        assertThat(sent.path("TokenValue").asText()).isEqualTo(conn == 1 ? "TOKEN-d-1" : "TOKEN-d-2");
                        clientIds.add(sent.path("ClientId").asText());
                        requestIds.add(sent.path("RequestId").asText());
                        if (conn == 1) {
                            // The refreshing provider hands out new keys from now on; the drop comes later.
                            credentials.rotate(Instant.now().plus(1, ChronoUnit.HOURS));
                        }
                    }

                    @Override
                    public void onLocal(JsonNode line) throws Exception {
                        if (line.path("note").asText().contains("closes")) {
                            client.stream().output().close();
                        }
                    }
                });

                // ResumeSession went out once, signed with the refreshed credentials.
                List<FakeSsmEndpoint.Call> resumes = endpoint.calls("AmazonSSM.ResumeSession");
                assertThat(resumes).hasSize(1);
                assertThat(resumes.get(0).signedBy()).isEqualTo("ASIATEST2");
                assertThat(resumes.get(0).body()).contains("\"SessionId\":\"" + SESSION + "\"");
                assertThat(clientIds).hasSize(2);
                assertThat(clientIds.get(0)).isEqualTo(clientIds.get(1));
                assertThat(requestIds.get(0)).isNotEqualTo(requestIds.get(1));
                assertThat(events).containsExactly("resumed CONNECTION_LOST");

                // Seq 2 and 3 went out again on connection 2 as the identical frames ClientFrames compares with
                // the originals; the duplicate agent message was acknowledged again, never delivered twice.
                assertThat(replay.frames().tolerated()).contains("re-ack 5");
                assertThat(client.end().reason()).isEqualTo(SessionEnd.Reason.CLOSED_BY_CLIENT);

                ByteArrayOutputStream agentBytes = new ByteArrayOutputStream();
                Set<Long> seen = new TreeSet<>();
                for (JsonNode line : transcript.lines()) {
                    if (Transcript.isBinary(line) && !Transcript.fromClient(line)
                            && "output_stream_data".equals(Transcript.messageType(line))
                            && Transcript.payloadType(line) == 1 && seen.add(Transcript.sequenceNumber(line))) {
                        agentBytes.write(Transcript.payload(line));
                    }
                }
                assertThat(client.receivedUntilEnd()).isEqualTo(agentBytes.toByteArray());
            }
        }
    }
}
