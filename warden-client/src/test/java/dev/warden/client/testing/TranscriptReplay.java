package dev.warden.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.MessageTypes;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plays the service and agent side of a transcript against the client, over a real websocket: sends the recorded
 * server frames byte for byte, and checks that the client sends what the official client sent, in order (see
 * {@link ClientFrames} for the repetitions that are tolerated). Retransmissions of the plugin's own timer are not
 * expected (the client's timers differ), except the first time a message appears on a new connection after a
 * resume, where re-sending it is the protocol; the recorder's local actions and connection events go to {@link Hooks}.
 */
public final class TranscriptReplay {

    private static final Duration STEP = Duration.ofSeconds(10);

    /** What the test does at the transcript's local actions and connection events. */
    public interface Hooks {
        /** The client must send {@code bytes} as its next data: write them to its stream. */
        void writeClientData(byte[] bytes) throws Exception;

        /** The client must send the control message (Size, Flag) of {@code line} next: make it do so. */
        default void beforeControl(JsonNode line) throws Exception {
        }

        /** A new connection was upgraded (number {@code conn}, from 1). */
        default void onUpgrade(int conn, ScriptedDataChannelServer.PeerConnection connection, JsonNode line) {
        }

        /** The client's OpenDataChannel text on connection {@code conn}, with the transcript's line. */
        default void onOpenDataChannel(int conn, String text, JsonNode line) {
        }

        /** A {@code local} line other than data writes (for example the end of standard input). */
        default void onLocal(JsonNode line) throws Exception {
        }
    }

    private final ScriptedDataChannelServer server;
    private final boolean localLinesDriveData;
    private final ClientFrames frames = new ClientFrames();
    private final Map<Integer, ScriptedDataChannelServer.PeerConnection> connections = new HashMap<>();
    private long lastWrittenSequence = -1;
    /** Data sequence numbers already matched, per connection: a resumed connection must carry them again. */
    private final Map<Integer, java.util.Set<Long>> matchedOn = new HashMap<>();

    public TranscriptReplay(ScriptedDataChannelServer server) {
        this(server, false);
    }

    /**
     * @param localLinesDriveData true when the client's data messages are not the application's bytes (smux
     *                            frames): every {@code local} line then goes to {@link Hooks#onLocal}, and
     *                            {@link Hooks#writeClientData} is never called
     */
    public TranscriptReplay(ScriptedDataChannelServer server, boolean localLinesDriveData) {
        this.server = server;
        this.localLinesDriveData = localLinesDriveData;
    }

    public ClientFrames frames() {
        return frames;
    }

    public ScriptedDataChannelServer.PeerConnection connection(int conn) {
        return connections.get(conn);
    }

    public void play(Transcript transcript, Hooks hooks) throws Exception {
        int current = 0;
        for (JsonNode line : transcript.lines()) {
            String kind = line.path("kind").asText();
            int conn = line.path("conn").asInt(current);
            switch (kind) {
                case "http-upgrade" -> {
                    ScriptedDataChannelServer.PeerConnection connection = server.nextConnection(STEP);
                    assertThat(connection).as("connection %d (line %d)", conn, line.path("n").asInt()).isNotNull();
                    connections.put(conn, connection);
                    current = conn;
                    hooks.onUpgrade(conn, connection, line);
                }
                case "ws" -> playMessage(line, connections.get(conn), conn, hooks);
                case "tcp-drop" -> connections.get(current).dropTcp();
                case "local" -> {
                    if (localLinesDriveData || !line.path("note").asText().contains("writes")) {
                        hooks.onLocal(line);
                    }
                }
                default -> {
                    // meta, plugin-start, api, phase, check, ws-closed, plugin-exit: narration or checked by the test
                }
            }
        }
    }

    private void playMessage(JsonNode line, ScriptedDataChannelServer.PeerConnection connection, int conn,
                             Hooks hooks) throws Exception {
        String wsType = line.path("wsType").asText();
        int n = line.path("n").asInt();
        if ("text".equals(wsType) && Transcript.fromClient(line)) {
            String text = connection.nextText(STEP);
            assertThat(text).as("OpenDataChannel on connection %d (line %d)", conn, n).isNotNull();
            hooks.onOpenDataChannel(conn, text, line);
            return;
        }
        if (!"binary".equals(wsType)) {
            return; // pings and pongs: the server answers pings by itself
        }
        if (!Transcript.fromClient(line)) {
            connection.send(Transcript.frameBytes(line));
            return;
        }
        String type = Transcript.messageType(line);
        java.util.Set<Long> matched = matchedOn.computeIfAbsent(conn, c -> new java.util.HashSet<>());
        if (Transcript.isRetransmission(line) && (MessageTypes.ACKNOWLEDGE.equals(type)
                || matched.contains(Transcript.sequenceNumber(line)))) {
            return; // the plugin's retransmission timer, not a protocol step
        }
        if (MessageTypes.ACKNOWLEDGE.equals(type)) {
            ClientMessage ack = frames.expectAck(connection, Transcript.acknowledged(line), STEP);
            assertThat(ack.payload()).as("acknowledgement (line %d)", n).isEqualTo(Transcript.payload(line));
            assertThat(ack.sequenceNumber()).isZero();
            assertThat(ack.flags()).isEqualTo(3);
            assertThat(ack.payloadType()).isZero();
            return;
        }
        long seq = Transcript.sequenceNumber(line);
        if (seq > lastWrittenSequence && !localLinesDriveData) {
            lastWrittenSequence = seq;
            if (Transcript.payloadType(line) == 1) {
                hooks.writeClientData(Transcript.payload(line));
            } else {
                hooks.beforeControl(line);
            }
        }
        ClientMessage data = frames.expectData(connection, seq, STEP);
        matched.add(seq);
        assertThat(data.messageType()).isEqualTo(type);
        assertThat(data.payloadType()).as("payload type of %d (line %d)", seq, n)
                .isEqualTo(Transcript.payloadType(line));
        assertThat(data.payload()).as("payload of %d (line %d)", seq, n).isEqualTo(Transcript.payload(line));
        assertThat(data.flags()).isZero();
    }
}
