package dev.warden.sandbox.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.smux.SmuxFrame;
import dev.warden.protocol.smux.SmuxFrameDecoder;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.EchoServer;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ResumeSessionResponse;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

/**
 * The shared transcripts of the official plugin (1.2.677.0) replayed against the sandbox over a real websocket:
 * the test sends the plugin's recorded frames byte for byte and checks that the sandbox answers what the plugin
 * received — the same HandshakeRequest bytes, acknowledgements byte-identical to the recorded ones (they name
 * the recorded MessageIds), the same HandshakeComplete, the same data, and channel_closed.
 * The instance is the recorded one ({@code i-0123456789abcdef0}, agent 3.3.1142.0).
 * (Transcript c is a shell session and needs the shell plugin; e injects bad frames towards the plugin, which
 * the sandbox never sends.)
 */
class TranscriptReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_TO_SERVER = "client->server";
    private static final String SERVER_TO_CLIENT = "server->client";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void portSessionInStdioModeAsForSshProxyCommand() throws Exception {
        Transcript t = new Transcript("a-port-stdio.jsonl");
        List<JsonNode> clientData = t.binary(CLIENT_TO_SERVER, l -> Transcript.messageType(l).equals("input_stream_data"));
        List<JsonNode> agentData = t.binary(SERVER_TO_CLIENT, l -> Transcript.messageType(l).equals("output_stream_data"));
        byte[] clientBytes = Transcript.outputBytes(clientData);
        byte[] agentBytes = Transcript.outputBytes(agentData);
        byte[] banner = Transcript.payload(clientData.stream().filter(l -> Transcript.sequenceNumber(l) == 1)
                .findFirst().orElseThrow());

        try (ScriptedDestination destination = new ScriptedDestination(banner.length, agentBytes, clientBytes.length);
             Replay replay = new Replay(destination.port(), 0)) {
            StartSessionResponse started = replay.start("AWS-StartSSHSession", Map.of());
            ReplayClient client = replay.connect(started, started.tokenValue());
            replayInOrder(t, client, started.sessionId(), 1, null);

            assertThat(destination.received().get(10, TimeUnit.SECONDS)).isEqualTo(clientBytes);
            assertThat(outputOf(client.drain())).isEqualTo(agentBytes);
        }
    }

    @Test
    void multiplexedPortForwardingWithTwoConnections() throws Exception {
        Transcript t = new Transcript("b-port-mux.jsonl");
        try (EchoServer echo = new EchoServer(); Replay replay = new Replay(0, echo.port())) {
            StartSessionResponse started = replay.start("AWS-StartPortForwardingSession",
                    Map.of("portNumber", "8080", "localPortNumber", "42187"));
            ReplayClient client = replay.connect(started, started.tokenValue());
            // The agent's smux answer: per stream, the recorded data and FIN, however the frames were chunked.
            List<JsonNode> agentData = t.binary(SERVER_TO_CLIENT, l -> Transcript.messageType(l).equals("output_stream_data"));
            Map<Integer, String> recorded = smuxStreams(Transcript.outputBytes(agentData));
            // As the agent does, the sandbox closes a stream's destination when the client's FIN arrives, so the
            // replay sends a stream's FIN only once the stream's echo is in, as the recorded plugin did (its local
            // connection closed after reading the reply); and terminates once every echo is in, as the recording's
            // emulator did.
            SmuxFrameDecoder sent = new SmuxFrameDecoder(1, 65535, io.netty.buffer.ByteBufAllocator.DEFAULT);
            Waiter beforeClientFrame = line -> {
                if (Transcript.payloadType(line) != 1) {
                    return; // a handshake answer, not stream data
                }
                sent.feed(Unpooled.wrappedBuffer(Transcript.payload(line)));
                dev.warden.protocol.Decoding<SmuxFrame> next;
                while ((next = sent.poll()) != null) {
                    assertThat(next.isOk()).as("the recorded client frames decode").isTrue();
                    SmuxFrame frame = next.value();
                    if (frame.command() == dev.warden.protocol.smux.SmuxCommand.FIN) {
                        String echoed = recorded.getOrDefault(frame.streamId(), "").replace("<FIN>", "");
                        client.awaitReceived(frames -> smuxStreams(outputOf(frames))
                                .getOrDefault(frame.streamId(), "").startsWith(echoed), WAIT,
                                "the echo of stream " + frame.streamId());
                    }
                    frame.data().release();
                }
            };
            Runnable beforeClose = () -> {
                try {
                    client.awaitReceived(frames -> smuxStreams(outputOf(frames)).equals(recorded), WAIT,
                            "the echoed smux streams");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                replay.terminate();
            };
            try {
                replayInOrder(t, client, started.sessionId(), 1, beforeClientFrame, beforeClose);
            } finally {
                sent.close();
            }

            assertThat(smuxStreams(outputOf(client.drain()))).isEqualTo(recorded);
        }
    }

    @Test
    void resumeAfterADroppedConnectionResendsAndAcknowledgesLikeTheRecording() throws Exception {
        Transcript t = new Transcript("d-resume.jsonl");
        List<JsonNode> clientData = t.binary(CLIENT_TO_SERVER, l -> Transcript.messageType(l).equals("input_stream_data")
                && !Transcript.isRetransmission(l));
        byte[] clientBytes = Transcript.outputBytes(clientData);
        byte[] banner = Transcript.payload(clientData.stream().filter(l -> Transcript.sequenceNumber(l) == 1)
                .findFirst().orElseThrow());
        byte[] reply = "SSH-2.0-OpenSSH_8.7\r\n".getBytes();
        try (ScriptedDestination destination = new ScriptedDestination(banner.length, reply, clientBytes.length);
             Replay replay = new Replay(destination.port(), 0)) {
            StartSessionResponse started = replay.start("AWS-StartSSHSession", Map.of());
            ReplayClient client = replay.connect(started, started.tokenValue());
            JsonNode request = line(t, l -> Transcript.payloadType(l) == 5);
            ClientMessage handshake = client.expect(m -> m.payloadType() == 5, WAIT, "HandshakeRequest");
            assertThat(handshake.payload()).isEqualTo(Transcript.payload(request));
            client.send(Transcript.frame(line(t, l -> Transcript.payloadType(l) == 6)));
            client.expect(m -> m.payloadType() == 7, WAIT, "HandshakeComplete");
            sendAndExpectAck(t, client, clientData.get(1)); // the banner, seq 1
            client.expect(m -> m.payloadType() == 1, WAIT, "the remote banner");

            // Phase 2: the plugin's seq 2 and 3 go out, but the plugin hears nothing back; then the TCP drops.
            client.deaf(true);
            client.send(Transcript.frame(clientData.get(2)));
            client.send(Transcript.frame(clientData.get(3)));
            Thread.sleep(300);
            client.drop();

            // ResumeSession, then the old StreamUrl with the new token, as plugin 1.2.677.0 does.
            ResumeSessionResponse resumed = replay.ssm.resumeSession(r -> r.sessionId(started.sessionId()));
            ReplayClient again = replay.connect(started, resumed.tokenValue());
            // The plugin re-sends seq 2 and 3 on the new connection; the sandbox acknowledges them again
            // (byte-identical to the recording) and delivers their bytes only once.
            sendAndExpectAck(t, again, clientData.get(2));
            sendAndExpectAck(t, again, clientData.get(3));
            sendAndExpectAck(t, again, clientData.get(4));
            assertThat(destination.received().get(10, TimeUnit.SECONDS)).isEqualTo(clientBytes);
            assertThat(again.drain()).noneMatch(m -> m.payloadType() == 5); // no second handshake
        }
    }

    // ----- replay machinery

    /**
     * Walks the transcript: recorded client data frames are sent byte for byte (retransmissions left out; the
     * sandbox acknowledges promptly), recorded acknowledgements and handshake messages of the emulator are
     * expected from the sandbox, and channel_closed last ({@code beforeClose} makes the session end when the
     * recording's end was the emulator's own decision).
     */
    private static void replayInOrder(Transcript t, ReplayClient client, String sessionId, int conn,
                                      Runnable beforeClose) throws Exception {
        replayInOrder(t, client, sessionId, conn, line -> { }, beforeClose);
    }

    /** A wait before the replay sends a recorded client frame. */
    @FunctionalInterface
    private interface Waiter {
        void before(JsonNode clientFrameLine) throws Exception;
    }

    private static void replayInOrder(Transcript t, ReplayClient client, String sessionId, int conn,
                                      Waiter beforeClientFrame, Runnable beforeClose) throws Exception {
        java.util.Set<String> acksSeen = new java.util.HashSet<>();
        for (JsonNode line : t.lines) {
            if (!line.path("kind").asText().equals("ws") || line.path("conn").asInt() != conn
                    || !line.path("wsType").asText().equals("binary")) {
                continue;
            }
            String type = Transcript.messageType(line);
            boolean fromClient = line.path("dir").asText().equals(CLIENT_TO_SERVER);
            if (fromClient && type.equals("input_stream_data") && !Transcript.isRetransmission(line)) {
                beforeClientFrame.before(line);
                client.send(Transcript.frame(line));
            } else if (!fromClient && type.equals("acknowledge")
                    && acksSeen.add(line.path("payloadBase64").asText())) {
                // Each recorded ack once: a second one answered a retransmission, which the replay leaves out.
                byte[] expected = Transcript.payload(line);
                ClientMessage ack = client.expect(m -> m.messageType().equals(MessageTypes.ACKNOWLEDGE)
                        && java.util.Arrays.equals(m.payload(), expected), WAIT, "the ack " + new String(expected));
                assertThat(ack.sequenceNumber()).isEqualTo(Transcript.sequenceNumber(line));
                assertThat(ack.flags()).isEqualTo(line.path("frame").path("flags").asLong());
                assertThat(ack.payloadType()).isZero();
            } else if (!fromClient && type.equals("output_stream_data") && Transcript.payloadType(line) == 5) {
                ClientMessage request = client.expect(m -> m.payloadType() == 5, WAIT, "HandshakeRequest");
                assertThat(new String(request.payload())).isEqualTo(new String(Transcript.payload(line)));
                assertThat(request.sequenceNumber()).isZero();
                assertThat(request.flags()).isEqualTo(line.path("frame").path("flags").asLong());
            } else if (!fromClient && type.equals("output_stream_data") && Transcript.payloadType(line) == 7) {
                ClientMessage complete = client.expect(m -> m.payloadType() == 7, WAIT, "HandshakeComplete");
                assertThat(complete.sequenceNumber()).isEqualTo(Transcript.sequenceNumber(line));
                assertThat(JSON.readTree(complete.payload()).path("CustomerMessage"))
                        .isEqualTo(line.path("payloadJson").path("CustomerMessage"));
            } else if (!fromClient && type.equals("channel_closed")) {
                if (beforeClose != null) {
                    beforeClose.run();
                }
                ClientMessage closed = client.expect(m -> m.messageType().equals(MessageTypes.CHANNEL_CLOSED),
                        WAIT, "channel_closed");
                JsonNode got = JSON.readTree(closed.payload());
                JsonNode recorded = line.path("payloadJson");
                assertThat(fieldNames(got)).isEqualTo(fieldNames(recorded));
                for (String field : List.of("DestinationId", "MessageType", "SchemaVersion", "Output")) {
                    assertThat(got.path(field)).as(field).isEqualTo(recorded.path(field));
                }
                assertThat(got.path("SessionId").asText()).isEqualTo(sessionId);
                assertThat(closed.flags()).isEqualTo(line.path("frame").path("flags").asLong());
                assertThat(closed.payloadType()).isEqualTo(Transcript.payloadType(line));
            }
        }
    }

    private static void sendAndExpectAck(Transcript t, ReplayClient client, JsonNode dataLine) throws Exception {
        client.send(Transcript.frame(dataLine));
        String id = dataLine.path("frame").path("messageId").asText();
        JsonNode recordedAck = t.lines.stream().filter(l -> Transcript.messageType(l).equals("acknowledge")
                && l.path("dir").asText().equals(SERVER_TO_CLIENT)
                && l.path("payloadJson").path("AcknowledgedMessageId").asText().equals(id)).findFirst().orElseThrow();
        byte[] expected = Transcript.payload(recordedAck);
        client.expect(m -> m.messageType().equals(MessageTypes.ACKNOWLEDGE)
                && java.util.Arrays.equals(m.payload(), expected), WAIT, "the ack of " + id);
    }

    private static JsonNode line(Transcript t, java.util.function.Predicate<JsonNode> filter) {
        return t.lines.stream().filter(l -> l.path("kind").asText().equals("ws")).filter(filter).findFirst()
                .orElseThrow();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The Output bytes of the agent's stream messages, each sequence number once, in sequence order. */
    private static byte[] outputOf(List<ClientMessage> messages) {
        Map<Long, byte[]> bySeq = new java.util.TreeMap<>();
        for (ClientMessage m : messages) {
            if (m.messageType().equals(MessageTypes.OUTPUT_STREAM_DATA) && m.payloadType() == 1) {
                bySeq.putIfAbsent(m.sequenceNumber(), m.payload());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bySeq.values().forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** smux bytes as per-stream content: data and a trailing FIN marker, in order, per stream id. */
    private static Map<Integer, String> smuxStreams(byte[] bytes) {
        List<SmuxFrame> frames = new ArrayList<>();
        try (SmuxFrameDecoder decoder = new SmuxFrameDecoder(1, 65535, io.netty.buffer.ByteBufAllocator.DEFAULT)) {
            decoder.feed(Unpooled.wrappedBuffer(bytes));
            dev.warden.protocol.Decoding<SmuxFrame> next;
            while ((next = decoder.poll()) != null) {
                assertThat(next.isOk()).as("smux frames decode").isTrue();
                frames.add(next.value());
            }
        }
        Map<Integer, StringBuilder> streams = new LinkedHashMap<>();
        for (SmuxFrame frame : frames) {
            StringBuilder s = streams.computeIfAbsent(frame.streamId(), id -> new StringBuilder());
            switch (frame.command()) {
                case PSH -> s.append(frame.data().toString(java.nio.charset.StandardCharsets.ISO_8859_1));
                case FIN -> s.append("<FIN>");
                default -> {
                }
            }
            frame.data().release();
        }
        Map<Integer, String> result = new LinkedHashMap<>();
        streams.forEach((id, s) -> result.put(id, s.toString()));
        return result;
    }

    /** A sandbox with the recorded instance; port 22 and 8080 lead where the scenario needs. */
    private static final class Replay implements AutoCloseable {
        final Sandbox sandbox;
        final SsmClient ssm;
        private String sessionId;

        Replay(int sshPort, int webPort) {
            String yaml = """
                    fleet:
                      - instanceId: i-0123456789abcdef0
                        name: recorded
                        tags: {Environment: dev}
                        agentVersion: 3.3.1142.0
                        portMappings: {22: "127.0.0.1:%d", 8080: "127.0.0.1:%d"}
                    """.formatted(sshPort == 0 ? 1 : sshPort, webPort == 0 ? 1 : webPort);
            sandbox = Sandbox.start(SandboxConfigLoader.fromYaml(yaml, "replay.yaml"));
            ssm = SsmClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(sandbox.accessKeyId(), sandbox.secretAccessKey())))
                    .build();
        }

        StartSessionResponse start(String document, Map<String, String> parameters) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            parameters.forEach((k, v) -> params.put(k, List.of(v)));
            StartSessionResponse response = ssm.startSession(r -> {
                r.target("i-0123456789abcdef0").documentName(document);
                if (!params.isEmpty()) {
                    r.parameters(params);
                }
            });
            sessionId = response.sessionId();
            return response;
        }

        ReplayClient connect(StartSessionResponse started, String token) {
            ReplayClient client = new ReplayClient();
            client.connect(started.streamUrl(), token, "1.2.677.0");
            return client;
        }

        void terminate() {
            ssm.terminateSession(r -> r.sessionId(sessionId));
        }

        @Override
        public void close() {
            ssm.close();
            sandbox.close();
        }
    }
}
