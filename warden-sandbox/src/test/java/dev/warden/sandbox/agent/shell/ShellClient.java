package dev.warden.sandbox.agent.shell;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.channel.ChannelConfig;
import dev.warden.protocol.channel.ChannelListener;
import dev.warden.protocol.channel.ChannelRole;
import dev.warden.protocol.channel.ChannelStats;
import dev.warden.protocol.channel.FrameTransport;
import dev.warden.protocol.channel.ReliableChannel;
import dev.warden.protocol.crypto.DataKeySource;
import dev.warden.protocol.crypto.DataKeyUnavailableException;
import dev.warden.protocol.crypto.SessionCipher;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.ChannelClosed;
import dev.warden.protocol.payload.ClientHandshakeResult;
import dev.warden.protocol.payload.ClientOpenDataChannel;
import dev.warden.protocol.payload.EncChallengeRequest;
import dev.warden.protocol.payload.EncChallengeResponse;
import dev.warden.protocol.payload.ExitCode;
import dev.warden.protocol.payload.HandshakeRequest;
import dev.warden.protocol.payload.HandshakeResponder;
import dev.warden.protocol.payload.TerminalSize;
import dev.warden.sandbox.testing.ChannelThread;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The official client's side of a shell session, for tests: a real websocket (the JDK's), the reliable channel in
 * the CLIENT role on one thread, the handshake answered like the plugin does, and every payload the agent sends
 * kept in order. Reading can be stopped and resumed, which holds back acknowledgements the way a slow reader does.
 */
final class ShellClient implements AutoCloseable {

    static final String CLIENT_VERSION = "1.2.677.0";
    /** How long a send waits for the agent to acknowledge anything while the window is full. */
    private static final Duration WINDOW_WAIT = Duration.ofSeconds(10);

    /** One stream message from the agent. */
    record Received(PayloadType type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final ReliableChannel channel = new ReliableChannel(ChannelRole.CLIENT, ChannelConfig.defaults(),
            new Listener());
    private final ChannelThread thread = new ChannelThread("test-shell-client", channel);
    private final HandshakeResponder responder;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<ClientMessage> agentFrames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<ChannelClosed> channelClosed = new CompletableFuture<>();
    private final CompletableFuture<Void> handshakeComplete = new CompletableFuture<>();
    /** The official client keeps its ClientId across reconnections. */
    private final UUID clientId = UUID.randomUUID();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private WebSocket socket;
    private volatile SessionCipher cipher;
    private String sessionId;
    private volatile boolean reading = true;
    private volatile boolean demandOwed;
    /** Completes when the window, full at the last send, has room again; on the client's thread. */
    private CompletableFuture<Void> windowOpen;

    private ShellClient(DataKeySource dataKeys) {
        this.responder = new HandshakeResponder(CLIENT_VERSION, dataKeys);
    }

    /** Connects to a StreamUrl and opens the data channel with the session's token; no KMS. */
    static ShellClient connect(String streamUrl, String token) {
        return connect(streamUrl, token, (key, challenge) -> {
            throw new DataKeyUnavailableException("no KMS in this test");
        });
    }

    /** Connects, generating the session's data key from {@code dataKeys} when the agent asks for encryption. */
    static ShellClient connect(String streamUrl, String token, DataKeySource dataKeys) {
        ShellClient client = new ShellClient(dataKeys);
        client.open(streamUrl, token);
        return client;
    }

    /** Opens a websocket and attaches the channel to it: at first, and after a ResumeSession. */
    private void open(String streamUrl, String token) {
        Socket listener = new Socket();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(streamUrl), listener)
                .orTimeout(10, TimeUnit.SECONDS).join();
        byte[] openFrame = ClientOpenDataChannel.of(UUID.randomUUID(), token, clientId, CLIENT_VERSION).encode();
        ws.sendText(new String(openFrame, StandardCharsets.UTF_8), true).join();
        thread.call(() -> {
            socket = ws;
            channel.attach(new FrameTransport() {
                @Override
                public void write(byte[] frame) {
                    try {
                        ws.sendBinary(ByteBuffer.wrap(frame), true).join();
                    } catch (RuntimeException e) {
                        // the connection broke: the channel keeps the frame until the next attach
                    }
                }
            });
            return null;
        });
        ws.request(1); // only now: no frame may reach the channel before it is attached to this connection
    }

    /** Drops the connection without a close frame, as a network failure would. */
    void dropConnection() {
        thread.call(() -> {
            channel.detach();
            socket.abort();
            return null;
        });
    }

    /** Connects again with what ResumeSession returned; the agent then re-sends what was not acknowledged. */
    void reconnect(String streamUrl, String token) {
        open(streamUrl, token);
    }

    /** Remembers which session this is. */
    ShellClient forSession(String id) {
        this.sessionId = id;
        return this;
    }

    String sessionId() {
        return sessionId;
    }

    /** Types text as keyboard input: one Output message, as the plugin sends a chunk of stdin. */
    void type(String keys) {
        send(PayloadType.OUTPUT, keys.getBytes(StandardCharsets.UTF_8));
    }

    void sendBytes(byte... keys) {
        send(PayloadType.OUTPUT, keys);
    }

    /** Sends one stream message as it is, e.g. from a recorded transcript. */
    void sendRaw(PayloadType type, byte[] payload) {
        send(type, payload);
    }

    /** Every frame the agent sent, decoded, in arrival order (retransmissions included). */
    List<ClientMessage> agentFrames() {
        return List.copyOf(agentFrames);
    }

    void resize(int cols, int rows) {
        send(PayloadType.SIZE, new TerminalSize(cols, rows).encode());
    }

    /**
     * Sends one stream message, waiting while the channel's window is full, as the official client holds back
     * stdin: a window fills legitimately whenever the agent refuses input its shell does not read yet.
     */
    private void send(PayloadType type, byte[] payload) {
        SessionCipher encryption = cipher;
        byte[] wire = encryption != null && encryption.encryptsOutgoing(type.code()) ? encryption.encrypt(payload)
                : payload;
        while (true) {
            CompletableFuture<Void> room = thread.call(() -> {
                if (channel.trySend(type, wire)) {
                    return null;
                }
                if (channel.isClosed()) {
                    throw new IllegalStateException("the channel is closed");
                }
                if (windowOpen == null || windowOpen.isDone()) {
                    windowOpen = new CompletableFuture<>();
                }
                return windowOpen;
            });
            if (room == null) {
                return;
            }
            try {
                // Bounds the time without progress, not the whole send: each acknowledgement that frees room counts.
                room.get(WINDOW_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the agent acknowledged nothing for " + WINDOW_WAIT, e);
            }
        }
    }

    /** Sends bytes as keyboard input in messages of at most 1024 bytes, as the plugin reads stdin. */
    void paste(byte[] bytes) {
        for (int offset = 0; offset < bytes.length; offset += 1024) {
            sendBytes(Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + 1024)));
        }
    }

    /** The client channel's counters. */
    ChannelStats stats() {
        return thread.call(channel::stats);
    }

    /** Stops reading the websocket: nothing is received or acknowledged until {@link #resumeReading()}. */
    void pauseReading() {
        reading = false;
    }

    void resumeReading() {
        reading = true;
        if (demandOwed) {
            demandOwed = false;
            socket.request(1);
        }
    }

    /** The agent's stream messages after the handshake, in order. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** Everything received of one payload type, concatenated. */
    byte[] bytes(PayloadType type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        received.stream().filter(r -> r.type() == type).forEach(r -> out.writeBytes(r.payload()));
        return out.toByteArray();
    }

    String text(PayloadType type) {
        return new String(bytes(type), StandardCharsets.UTF_8);
    }

    /** Terminal output with the terminal's CR LF turned back into LF. */
    String terminalText() {
        return text(PayloadType.OUTPUT).replace("\r\n", "\n");
    }

    /** The exit code the agent sent, if any. */
    OptionalLong exitCode() {
        return received.stream().filter(r -> r.type() == PayloadType.EXIT_CODE)
                .map(r -> ExitCode.decode(r.payload()))
                .filter(Decoding::isOk)
                .mapToLong(d -> d.value().code())
                .reduce((first, second) -> second);
    }

    /** Completes when the agent's HandshakeComplete arrives; input sent before it would be dropped. */
    CompletableFuture<Void> handshakeComplete() {
        return handshakeComplete;
    }

    /** Whether the handshake set up KMS encryption. */
    boolean isEncrypted() {
        return cipher != null;
    }

    CompletableFuture<ChannelClosed> channelClosed() {
        return channelClosed;
    }

    @Override
    public void close() {
        try {
            thread.call(() -> {
                channel.close();
                socket.abort();
                return null;
            });
        } finally {
            thread.close();
        }
    }

    /** The channel's events, on the client's thread. */
    private final class Listener implements ChannelListener {
        @Override
        public Delivery onStreamMessage(ClientMessage message) {
            PayloadType type = message.knownPayloadType().orElse(null);
            if (type == PayloadType.HANDSHAKE_REQUEST) {
                Decoding<HandshakeRequest> request = HandshakeRequest.decode(message.payload());
                if (request.isOk()) {
                    ClientHandshakeResult result = responder.respond(request.value());
                    result.dataKey().ifPresent(key -> cipher = key.forClient());
                    reply(PayloadType.HANDSHAKE_RESPONSE, result.response().encode());
                }
            } else if (type == PayloadType.ENC_CHALLENGE_REQUEST) {
                Decoding<EncChallengeRequest> request = EncChallengeRequest.decode(message.payload());
                if (request.isOk() && cipher != null) {
                    Decoding<EncChallengeResponse> answer = EncChallengeResponse.answering(request.value(), cipher);
                    if (answer.isOk()) {
                        reply(PayloadType.ENC_CHALLENGE_RESPONSE, answer.value().encode());
                    }
                }
            } else if (type == PayloadType.HANDSHAKE_COMPLETE) {
                handshakeComplete.complete(null);
            } else if (type != null) {
                byte[] payload = message.payload();
                if (cipher != null && cipher.decryptsIncoming(type.code())) {
                    Decoding<byte[]> plaintext = cipher.decrypt(payload);
                    if (!plaintext.isOk()) {
                        return Delivery.NOT_READY; // what the official client does with what it cannot decrypt
                    }
                    payload = plaintext.value();
                }
                received.add(new Received(type, payload));
            }
            return Delivery.ACCEPTED;
        }

        @Override
        public void onWritable() {
            if (windowOpen != null) {
                windowOpen.complete(null);
            }
        }

        @Override
        public void onServiceMessage(ClientMessage message) {
            if (MessageTypes.CHANNEL_CLOSED.equals(message.messageType())) {
                Decoding<ChannelClosed> closed = ChannelClosed.decode(message.payload());
                if (closed.isOk()) {
                    channelClosed.complete(closed.value());
                }
            }
        }
    }

    /** Answers a handshake message after the current engine call, as the plugin does. */
    private void reply(PayloadType type, byte[] payload) {
        thread.execute(() -> channel.trySend(type, payload));
    }

    /** The websocket's events; the JDK calls these one at a time. */
    private final class Socket implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            // No request yet: the first one follows the channel's attach (see open).
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                byte[] frame = partial.toByteArray();
                partial.reset();
                Decoding<ClientMessage> decoded = FrameCodec.decode(frame);
                if (decoded.isOk()) {
                    agentFrames.add(decoded.value());
                }
                thread.execute(() -> channel.onFrame(frame));
            }
            requestMore(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            requestMore(webSocket);
            return null;
        }

        private void requestMore(WebSocket webSocket) {
            if (reading) {
                webSocket.request(1);
            } else {
                demandOwed = true;
                if (reading && demandOwed) { // resumed meanwhile
                    demandOwed = false;
                    webSocket.request(1);
                }
            }
        }
    }
}
