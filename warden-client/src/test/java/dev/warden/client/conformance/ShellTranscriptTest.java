package dev.warden.client.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.WardenClient;
import dev.warden.client.shell.ShellSession;
import dev.warden.client.testing.FakeSsmEndpoint;
import dev.warden.client.testing.ScriptedDataChannelServer;
import dev.warden.client.testing.TestCredentials;
import dev.warden.client.testing.Transcript;
import dev.warden.client.testing.TranscriptReplay;
import dev.warden.protocol.payload.TerminalSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transcript c (a shell without handshake): the agent's first output selects the shell, the first Size follows
 * its acknowledgement, every key press is one message (Enter as CR, Ctrl-C as 0x03), a resize sends a new Size,
 * the output reaches the caller exactly, and channel_closed ends the session with the service's message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShellTranscriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "sess-c-0123456789abcdef0";

    @Test
    void plays_the_official_clients_side_of_transcript_c() throws Exception {
        Transcript transcript = Transcript.load("c-shell.jsonl");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (ScriptedDataChannelServer server = ScriptedDataChannelServer.start();
             FakeSsmEndpoint endpoint = FakeSsmEndpoint.start();
             WardenClient client = WardenClient.builder().region("us-east-1")
                     .credentials(new TestCredentials(Instant.now().plusSeconds(3600)))
                     .ssmEndpoint(endpoint.uri()).options(ClientUnderTest.recordedClientOptions().build()).build()) {
            CompletableFuture<ShellSession> session = client.attachShellSession(new SessionCoordinates(SESSION,
                    "TOKEN-c-1", server.streamUrl(SESSION, "AAEAAb+c/d==")), "i-0123456789abcdef0", data -> {
                        synchronized (output) {
                            output.writeBytes(data);
                        }
                    }, new TerminalSize(132, 43), null);
            TranscriptReplay replay = new TranscriptReplay(server);
            replay.play(transcript, new TranscriptReplay.Hooks() {
                @Override
                public void writeClientData(byte[] keys) throws Exception {
                    session.get(10, TimeUnit.SECONDS).send(keys);
                }

                @Override
                public void beforeControl(JsonNode line) throws Exception {
                    JsonNode size = JSON.readTree(Transcript.payload(line));
                    session.get(10, TimeUnit.SECONDS).resize(size.path("cols").asInt(), size.path("rows").asInt());
                }
            });

            ByteArrayOutputStream agentOutput = new ByteArrayOutputStream();
            for (JsonNode line : transcript.lines()) {
                if (Transcript.isBinary(line) && !Transcript.fromClient(line)
                        && "output_stream_data".equals(Transcript.messageType(line))) {
                    agentOutput.writeBytes(Transcript.payload(line));
                }
            }
            SessionEnd end = session.get().completion().get(10, TimeUnit.SECONDS);
            assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CLOSED_BY_SERVICE);
            assertThat(end.message()).isEqualTo("Exiting session with sessionId: " + SESSION + ".");
            synchronized (output) {
                assertThat(output.toByteArray()).isEqualTo(agentOutput.toByteArray());
            }
            assertThat(session.get().agentVersion()).isEmpty();
            assertThat(replay.frames().tolerated()).allMatch(t -> t.startsWith("retransmission"));
        }
    }
}
