package dev.warden.client.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.port.PortMode;
import dev.warden.client.port.PortSession;
import dev.warden.client.port.PortStream;
import dev.warden.client.testing.FakeSsmEndpoint;
import dev.warden.client.testing.ScriptedDataChannelServer;
import dev.warden.client.testing.TestCredentials;
import dev.warden.client.testing.Transcript;
import dev.warden.client.testing.TranscriptReplay;
import dev.warden.client.WardenClient;
import dev.warden.client.port.LocalPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transcript b (multiplexed port forwarding with an agent above 3.1.1511.0): the client picks smux from the
 * document type and the agent's version, opens streams 3 and 5 with SYN, sends each write as one PSH frame cut
 * into Output payloads exactly where the plugin cut them (1024 bytes, then the rest), sends no keep-alive, closes
 * with FIN, and each stream receives exactly its echo. The client's data messages are compared byte for byte.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MuxTranscriptTest {

    private static final String SESSION = "sess-b-0123456789abcdef0";

    @Test
    void plays_the_official_clients_side_of_transcript_b() throws Exception {
        Transcript transcript = Transcript.load("b-port-mux.jsonl");
        Map<Integer, ByteBuffer> written = clientDataPerStream(transcript);
        Map<String, PortStream> streams = new HashMap<>();
        Map<String, CompletableFuture<byte[]>> echoes = new HashMap<>();
        try (ScriptedDataChannelServer server = ScriptedDataChannelServer.start();
             FakeSsmEndpoint endpoint = FakeSsmEndpoint.start();
             WardenClient client = WardenClient.builder().region("us-east-1")
                     .credentials(new TestCredentials(Instant.now().plusSeconds(3600))).ssmEndpoint(endpoint.uri())
                     .options(ClientUnderTest.recordedClientOptions().build()).build()) {
            CompletableFuture<PortSession> session = client.attachPortSession(new SessionCoordinates(SESSION,
                    "TOKEN-b-1", server.streamUrl(SESSION, "AAEAAb+c/d==")), "i-0123456789abcdef0",
                    LocalPort.none(), null);
            TranscriptReplay replay = new TranscriptReplay(server, true);
            replay.play(transcript, new TranscriptReplay.Hooks() {
                @Override
                public void writeClientData(byte[] bytes) {
                    throw new AssertionError("not used: local lines drive the data");
                }

                @Override
                public void onLocal(JsonNode line) throws Exception {
                    String note = line.path("note").asText();
                    String name = line.path("info").path("connection").asText();
                    int streamId = "A".equals(name) ? 3 : 5;
                    if (note.contains("opens")) {
                        PortStream stream = session.get(10, TimeUnit.SECONDS).openStream();
                        streams.put(name, stream);
                        echoes.put(name, readAll(stream.input()));
                    } else if (note.contains("writes")) {
                        byte[] bytes = new byte[line.path("info").path("bytes").asInt()];
                        written.get(streamId).get(bytes);
                        streams.get(name).output().write(bytes);
                        streams.get(name).output().flush();
                    } else if (note.contains("closes")) {
                        streams.get(name).output().close();
                    }
                }
            });
            assertThat(session.get().mode()).isEqualTo(PortMode.MULTIPLEXED);
            byte[] a = clientDataPerStream(transcript).get(3).array();
            byte[] b = clientDataPerStream(transcript).get(5).array();
            assertThat(echoes.get("A").get(10, TimeUnit.SECONDS)).isEqualTo(a);
            assertThat(echoes.get("B").get(10, TimeUnit.SECONDS)).isEqualTo(b);
            SessionEnd end = session.get().completion().get(10, TimeUnit.SECONDS);
            assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CLOSED_BY_SERVICE);
            assertThat(replay.frames().tolerated()).allMatch(t -> t.startsWith("retransmission"));
        }
    }

    /** The application bytes of each smux stream, from the plugin's PSH frames in the transcript. */
    private static Map<Integer, ByteBuffer> clientDataPerStream(Transcript transcript) {
        TreeMap<Long, byte[]> payloads = new TreeMap<>();
        for (JsonNode line : transcript.lines()) {
            if (Transcript.isBinary(line) && Transcript.fromClient(line)
                    && "input_stream_data".equals(Transcript.messageType(line)) && Transcript.payloadType(line) == 1) {
                payloads.putIfAbsent(Transcript.sequenceNumber(line), Transcript.payload(line));
            }
        }
        ByteArrayOutputStream smux = new ByteArrayOutputStream();
        payloads.values().forEach(smux::writeBytes);
        ByteBuffer in = ByteBuffer.wrap(smux.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        Map<Integer, ByteArrayOutputStream> perStream = new HashMap<>();
        while (in.remaining() >= 8) {
            in.get(); // version
            int cmd = in.get();
            int length = Short.toUnsignedInt(in.getShort());
            int streamId = in.getInt();
            byte[] data = new byte[length];
            in.get(data);
            if (cmd == 2) { // PSH
                perStream.computeIfAbsent(streamId, id -> new ByteArrayOutputStream()).writeBytes(data);
            }
        }
        Map<Integer, ByteBuffer> result = new HashMap<>();
        perStream.forEach((id, bytes) -> result.put(id, ByteBuffer.wrap(bytes.toByteArray())));
        return result;
    }

    private static CompletableFuture<byte[]> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
