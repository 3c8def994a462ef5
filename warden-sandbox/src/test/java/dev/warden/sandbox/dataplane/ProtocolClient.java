package dev.warden.sandbox.dataplane;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.channel.ChannelConfig;
import dev.warden.protocol.channel.ChannelListener;
import dev.warden.protocol.channel.ChannelRole;
import dev.warden.protocol.channel.FrameTransport;
import dev.warden.protocol.channel.ReliableChannel;
import dev.warden.protocol.crypto.DataKeyUnavailableException;
import dev.warden.protocol.crypto.SessionCipher;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.mux.OutputLimits;
import dev.warden.protocol.mux.SmuxOverChannel;
import dev.warden.protocol.payload.ChannelClosed;
import dev.warden.protocol.payload.ClientHandshakeResult;
import dev.warden.protocol.payload.ClientOpenDataChannel;
import dev.warden.protocol.payload.EncChallengeRequest;
import dev.warden.protocol.payload.EncChallengeResponse;
import dev.warden.protocol.payload.HandshakeComplete;
import dev.warden.protocol.payload.HandshakeRequest;
import dev.warden.protocol.payload.HandshakeResponder;
import dev.warden.protocol.payload.PortFlag;
import dev.warden.protocol.smux.SmuxCloseReason;
import dev.warden.protocol.smux.SmuxConfig;
import dev.warden.protocol.smux.SmuxSessionListener;
import dev.warden.protocol.smux.SmuxStream;
import dev.warden.protocol.crypto.DataKeySource;
import dev.warden.sandbox.testing.ChannelThread;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a data channel for tests, built like the official plugin from the protocol library: the
 * reliable channel in the CLIENT role over a real websocket, the handshake responder, and (for multiplexed port
 * sessions) an smux client. Everything of the channel runs on one thread, as in the client.
 */
final class ProtocolClient implements AutoCloseable {

    private final ReliableChannel channel;
    private final ChannelThread thread;
    private final HandshakeResponder responder;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<PortFlag> flags = new CopyOnWriteArrayList<>();
    private final CompletableFuture<ChannelClosed> channelClosed = new CompletableFuture<>();
    private final CompletableFuture<HandshakeComplete> handshakeComplete = new CompletableFuture<>();
    private final CompletableFuture<HandshakeRequest> handshakeRequest = new CompletableFuture<>();
    private final UUID clientId = UUID.randomUUID();
    private final String clientVersion;
    private SessionCipher cipher;
    private SmuxOverChannel mux;
    private WsClient socket;
    private volatile boolean deaf;
    private final java.util.concurrent.atomic.AtomicInteger ignoredFrames = new java.util.concurrent.atomic.AtomicInteger();

    ProtocolClient(String clientVersion, DataKeySource dataKeys) {
        this.clientVersion = clientVersion;
        this.responder = new HandshakeResponder(clientVersion, dataKeys);
        this.channel = new ReliableChannel(ChannelRole.CLIENT, ChannelConfig.defaults(), new Listener());
        this.thread = new ChannelThread("test-client-channel", channel);
    }

    ProtocolClient(String clientVersion) {
        this(clientVersion, (key, challenge) -> {
            throw new DataKeyUnavailableException("no KMS in this test");
        });
    }

    /** Opens (or re-opens after a resume) the data channel at {@code streamUrl} with {@code token}. */
    ProtocolClient connect(String streamUrl, String token, Map<String, String> headers) {
        WsClient ws = WsClient.connect(URI.create(streamUrl), headers);
        ws.sendText(new String(ClientOpenDataChannel.of(UUID.randomUUID(), token, clientId, clientVersion).encode(),
                java.nio.charset.StandardCharsets.UTF_8));
        call(() -> {
            socket = ws;
            channel.attach(new FrameTransport() {
                @Override
                public void write(byte[] frame) {
                    try {
                        ws.sendBinary(frame);
                    } catch (RuntimeException e) {
                        // the connection broke; the channel keeps the frame until the next attach
                    }
                }
            });
            return null;
        });
        ws.onEvent(event -> thread.execute(() -> {
            if (event instanceof WsClient.Binary binary) {
                if (deaf) {
                    ignoredFrames.incrementAndGet();
                    return;
                }
                channel.onFrame(binary.bytes());
            } else if (event instanceof WsClient.Closed && socket == ws) {
                channel.detach();
            }
        }));
        return this;
    }

    ProtocolClient connect(String streamUrl, String token) {
        return connect(streamUrl, token, Map.of());
    }

    /** Multiplexed port forwarding: start the smux client (after the handshake, as the plugin does). */
    void startMux() {
        call(() -> {
            SmuxConfig config = SmuxConfig.defaults().toBuilder().keepAliveEnabled(false).build();
            mux = SmuxOverChannel.client(channel, OutputLimits.defaults(), config, new SmuxSessionListener() {
                @Override
                public void onStreamAccepted(SmuxStream stream) {
                    stream.close();
                }

                @Override
                public void onSessionClosed(SmuxCloseReason reason) {
                }
            }, thread.executor(), System.nanoTime());
            return null;
        });
    }

    /** Runs {@code action} on the channel's thread and waits for it. */
    <T> T call(Callable<T> action) {
        return thread.call(action);
    }

    /** Sends bytes as Output payloads of at most 1024 bytes (encrypted when KMS is on). */
    void sendOutput(byte[] bytes) {
        for (int offset = 0; offset < bytes.length; offset += 1024) {
            byte[] chunk = java.util.Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + 1024));
            send(PayloadType.OUTPUT, chunk);
        }
    }

    void sendFlag(PortFlag flag) {
        send(PayloadType.FLAG, flag.encode());
    }

    /** Sends one message, waiting while the channel's window is full (back-pressure), at most 10 s. */
    void send(PayloadType type, byte[] payload) {
        byte[] wire = cipher != null && type == PayloadType.OUTPUT ? cipher.encrypt(payload) : payload;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!call(() -> channel.trySend(type, wire))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the channel stayed full: " + call(channel::stats));
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Drops the connection without a close frame, as a network failure would. */
    void dropConnection() {
        call(() -> {
            WsClient ws = socket;
            socket = null;
            channel.detach();
            ws.abort();
            return null;
        });
    }

    /** While deaf, received frames are lost (never processed or acknowledged), as on a one-way broken link. */
    void deaf(boolean value) {
        deaf = value;
    }

    int ignoredFrames() {
        return ignoredFrames.get();
    }

    SmuxOverChannel mux() {
        return mux;
    }

    synchronized byte[] output() {
        return output.toByteArray();
    }

    List<PortFlag> flags() {
        return flags;
    }

    CompletableFuture<ChannelClosed> channelClosed() {
        return channelClosed;
    }

    CompletableFuture<HandshakeComplete> handshakeComplete() {
        return handshakeComplete;
    }

    CompletableFuture<HandshakeRequest> handshakeRequest() {
        return handshakeRequest;
    }

    ReliableChannel channel() {
        return channel;
    }

    WsClient socket() {
        return socket;
    }

    ScheduledExecutorService thread() {
        return thread.executor();
    }

    @Override
    public void close() {
        try {
            call(() -> {
                channel.close();
                if (socket != null) {
                    socket.abort();
                }
                return null;
            });
        } finally {
            thread.close();
        }
    }

    private static <T> void ifOk(Decoding<T> decoded, java.util.function.Consumer<T> action) {
        if (decoded.isOk()) {
            action.accept(decoded.value());
        }
    }

    private final class Listener implements ChannelListener {
        @Override
        public Delivery onStreamMessage(ClientMessage message) {
            PayloadType type = message.knownPayloadType().orElse(null);
            if (type == null) {
                return Delivery.ACCEPTED;
            }
            byte[] payload = message.payload();
            switch (type) {
                case HANDSHAKE_REQUEST -> {
                    Decoding<HandshakeRequest> request = HandshakeRequest.decode(payload);
                    if (request.isOk()) {
                        handshakeRequest.complete(request.value());
                        ClientHandshakeResult result = responder.respond(request.value());
                        result.dataKey().ifPresent(key -> cipher = key.forClient());
                        thread.execute(() -> channel.trySend(PayloadType.HANDSHAKE_RESPONSE,
                                result.response().encode()));
                    }
                }
                case ENC_CHALLENGE_REQUEST -> {
                    Decoding<EncChallengeRequest> request = EncChallengeRequest.decode(payload);
                    if (request.isOk() && cipher != null) {
                        Decoding<EncChallengeResponse> answer = EncChallengeResponse.answering(request.value(), cipher);
                        if (answer.isOk()) {
                            thread.execute(() -> channel.trySend(PayloadType.ENC_CHALLENGE_RESPONSE,
                                    answer.value().encode()));
                        }
                    }
                }
                case HANDSHAKE_COMPLETE -> ifOk(HandshakeComplete.decode(payload), handshakeComplete::complete);
                case OUTPUT -> {
                    byte[] plain = payload;
                    if (cipher != null) {
                        Decoding<byte[]> decrypted = cipher.decrypt(payload);
                        if (!decrypted.isOk()) {
                            return Delivery.NOT_READY;
                        }
                        plain = decrypted.value();
                    }
                    if (mux != null) {
                        return mux.onOutput(plain);
                    }
                    synchronized (ProtocolClient.this) {
                        output.writeBytes(plain);
                    }
                }
                case FLAG -> ifOk(PortFlag.decode(payload), flags::add);
                default -> {
                }
            }
            return Delivery.ACCEPTED;
        }

        @Override
        public void onWritable() {
            if (mux != null) {
                mux.onChannelWritable();
            }
        }

        @Override
        public void onServiceMessage(ClientMessage message) {
            if (MessageTypes.CHANNEL_CLOSED.equals(message.messageType())) {
                ifOk(ChannelClosed.decode(message.payload()), channelClosed::complete);
            }
        }
    }
}
