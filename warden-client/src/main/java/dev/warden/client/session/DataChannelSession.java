package dev.warden.client.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.client.ClientOptions;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.SessionListener;
import dev.warden.client.SessionListener.ResumeTrigger;
import dev.warden.client.transport.ConnectionListener;
import dev.warden.client.resume.ResumeFailure;
import dev.warden.client.transport.DataChannelConnectException;
import dev.warden.client.transport.TlsHandshakeException;
import dev.warden.client.transport.WebSocketConnection;
import dev.warden.protocol.DecodeError;
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
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.ChannelClosed;
import dev.warden.protocol.payload.ClientHandshakeResult;
import dev.warden.protocol.payload.PortFlag;
import dev.warden.protocol.payload.SessionTypes;
import dev.warden.protocol.payload.StreamPayload;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The core of one session: owns the client-role {@link ReliableChannel} and drives it from the data channel's
 * websocket, runs the handshake, encrypts and decrypts, hands stream data to the session-type handler, and keeps
 * the session alive across connection losses and credential expiry through the {@link ResumeController}.
 *
 * <h2>Threading</h2>
 * Everything happens on one Netty event loop: the engine, the websocket connections (they are registered on it),
 * the handshake, the handler, the timers. Blocking work (credentials, ResumeSession, KMS) runs on the blocking
 * executor and hops back. The public methods may be called from any thread; they hop onto the loop.
 */
public final class DataChannelSession implements ChannelListener, ConnectionListener, SessionChannel,
        HandshakeProcessor.Host, ResumeController.Host {

    private static final Logger log = LoggerFactory.getLogger(DataChannelSession.class);
    /** Control payloads waiting for room in the window: a handful of Size/Flag messages at most in practice. */
    private static final int MAX_PENDING_CONTROL = 1024;
    /** Attempts at the first connection before the session ends with CONNECT_FAILED. */
    private static final int FIRST_CONNECT_ATTEMPTS = 5;
    /**
     * The least margin a retransmission timeout keeps above the smoothed round trip (RFC 6298's G): the official
     * peers' resend scheduler ticks every 100 ms (ResendSleepInterval, client-protocol.md §4.6), so they resend a
     * message only between its RTO and a tick later. With the protocol's 10 ms alone, a stall of a few tens of
     * milliseconds anywhere (a busy core, a GC pause) timed out every message waiting at the service's rate cap,
     * and the needless copies spent the cap (docs/benchmarks.md). Nothing is lost on a live websocket: a timeout
     * there is nearly always a delay, and a lost connection is resumed, not waited out.
     */
    private static final Duration RESEND_GRANULARITY = Duration.ofMillis(100);

    private final EventLoop loop;
    private final SessionServices services;
    private final ClientOptions options;
    private final SessionListener events;
    private final SessionHandlerFactory handlers;
    private final ReliableChannel engine;
    private final EngineTimer timer;
    private final HandshakeProcessor handshake;
    private final ResumeController resume;
    private final ArrayDeque<StreamPayload> pendingControl = new ArrayDeque<>();
    private final CompletableFuture<SessionEnd> completion = new CompletableFuture<>();
    private final CompletableFuture<SessionHandler> established = new CompletableFuture<>();

    private SessionCoordinates coordinates;
    private WebSocketConnection connection;
    private SessionCipher cipher;
    private SessionHandler handler;
    private String agentVersion = "";
    private boolean started;
    private boolean closing;
    /** TerminateSession was called: the service's channel_closed that follows is the answer to it. */
    private boolean terminating;
    private boolean ended;

    public DataChannelSession(EventLoop loop, SessionServices services, SessionCoordinates coordinates,
                              String targetId, SessionListener events, SessionHandlerFactory handlers) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.services = Objects.requireNonNull(services, "services");
        this.options = services.options();
        this.coordinates = Objects.requireNonNull(coordinates, "coordinates");
        this.events = events == null ? new SessionListener() { } : events;
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        ChannelConfig.Builder config = ChannelConfig.builder().giveUpAfter(options.deliveryTimeout().orElse(null))
                .clockGranularity(RESEND_GRANULARITY);
        options.pacing().ifPresent(config::pacing);
        this.engine = new ReliableChannel(ChannelRole.CLIENT, config.build(), this);
        this.timer = new EngineTimer(loop, engine, this::afterEngine);
        this.handshake = new HandshakeProcessor(this, options.clientVersion(), dataKeys(targetId), loop,
                services.blocking(), coordinates.sessionId());
        this.resume = new ResumeController(this, loop, services.api(), services.opener(), services.blocking(),
                options, services.backoff());
    }

    /** Where the data key comes from: KMS, or nowhere when the options refuse encryption (legacy CLI mode). */
    private DataKeySource dataKeys(String targetId) {
        return options.encryptionRefusal().<DataKeySource>map(reason -> (keyId, challenge) -> {
            throw new DataKeyUnavailableException(reason);
        }).orElseGet(() -> new KmsDataKeySource(services.kms(), coordinates.sessionId(), targetId));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Public API (any thread)

    /** Opens the first connection. The session then runs until {@link #completion()}. */
    public void start() {
        onLoop(() -> {
            if (started || ended) {
                return;
            }
            started = true;
            log.info("Session {}: connecting to {}", coordinates.sessionId(),
                    DataChannelConnectException.describe(coordinates.streamUri()));
            connectFirst(0);
        });
    }

    /**
     * The first connection, retried with the resume backoff while the failure is transient (the endpoint does not
     * answer, a 5xx), as the official client retries its first open; TLS and authentication failures end the
     * session at once, since retrying will not change them.
     */
    private void connectFirst(int attempt) {
        services.opener().open(loop, coordinates, this).whenCompleteAsync((opened, error) -> {
            if (error == null) {
                if (ended) {
                    opened.close();
                } else {
                    attachFirst(opened);
                }
                return;
            }
            if (ended) {
                return;
            }
            Throwable cause = ResumeFailureAccess.unwrap(error);
            boolean retryable = ResumeFailure.classify(cause) == ResumeFailure.TRANSIENT
                    && !(cause instanceof TlsHandshakeException);
            if (retryable && attempt + 1 < FIRST_CONNECT_ATTEMPTS) {
                Duration delay = services.backoff().delay(attempt);
                log.info("Session {}: connection attempt {} failed ({}); retrying in {} ms", coordinates.sessionId(),
                        attempt + 1, cause.getMessage(), delay.toMillis());
                loop.schedule(() -> {
                    if (!ended) {
                        connectFirst(attempt + 1);
                    }
                }, delay.toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
            end(SessionEnd.of(SessionEnd.Reason.CONNECT_FAILED, cause.getMessage() == null
                    ? cause.toString() : cause.getMessage(), cause));
        }, loop);
    }

    public String id() {
        return coordinates.sessionId();
    }

    public EventLoop loop() {
        return loop;
    }

    /** Completes when the session ends, with why. Never fails. */
    public CompletableFuture<SessionEnd> completion() {
        return completion;
    }

    /**
     * Completes with the session's handler once its type is known and it runs (after HandshakeComplete, or with
     * the first shell output); fails with {@link SessionEndedException} if the session ends first.
     */
    public CompletableFuture<SessionHandler> established() {
        return established;
    }

    /** Closes locally once what was sent is acknowledged (bounded by the close linger). */
    public void close() {
        onLoop(this::closeGracefully);
    }

    /** Ends the session immediately with {@code end}. */
    public void abort(SessionEnd end) {
        onLoop(() -> end(end));
    }

    /** The engine's counters, read on the loop. */
    public CompletableFuture<ChannelStats> stats() {
        CompletableFuture<ChannelStats> result = new CompletableFuture<>();
        onLoop(() -> result.complete(engine.stats()));
        return result;
    }

    /** The current coordinates (the token and URL change with every resume). */
    public SessionCoordinates currentCoordinates() {
        return coordinates;
    }

    // ---------------------------------------------------------------------------------------------------------
    // SessionChannel (for handlers; on the loop)

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public String sessionId() {
        return coordinates.sessionId();
    }

    @Override
    public String agentVersion() {
        return agentVersion;
    }

    @Override
    public ClientOptions options() {
        return options;
    }

    @Override
    public SessionListener events() {
        return events;
    }

    @Override
    public ReliableChannel engine() {
        return engine;
    }

    @Override
    public boolean isEncrypted() {
        return cipher != null;
    }

    @Override
    public CompletableFuture<Void> terminate() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        String sessionId = coordinates.sessionId();
        onLoop(() -> terminating = true);
        CompletableFuture.runAsync(() -> services.api().terminate(sessionId), services.blocking())
                .whenCompleteAsync((ok, error) -> {
                    if (error != null) {
                        done.completeExceptionally(ResumeFailureAccess.unwrap(error));
                        return;
                    }
                    end(SessionEnd.of(SessionEnd.Reason.TERMINATED_BY_CLIENT,
                            "Exiting session with sessionId: " + sessionId + "."));
                    done.complete(null);
                }, loop);
        return done;
    }

    @Override
    public boolean isWritable() {
        return !ended && pendingControl.isEmpty() && engine.isWritable();
    }

    @Override
    public boolean sendOutput(byte[] plaintext) {
        if (!isWritable() || plaintext.length == 0) {
            return plaintext.length == 0 && !ended;
        }
        byte[] payload = cipher != null ? cipher.encrypt(plaintext) : plaintext;
        boolean sent = engine.trySend(PayloadType.OUTPUT, payload);
        afterEngine();
        return sent;
    }

    @Override
    public void sendControl(StreamPayload payload) {
        if (ended) {
            return;
        }
        if (pendingControl.isEmpty() && engine.trySend(payload.payloadType(), payload.encode())) {
            afterEngine();
            return;
        }
        if (pendingControl.size() >= MAX_PENDING_CONTROL) {
            end(SessionEnd.of(SessionEnd.Reason.PROTOCOL_ERROR, "Too many control messages are waiting: the agent "
                    + "has not acknowledged anything for a long time"));
            return;
        }
        pendingControl.add(payload);
    }

    @Override
    public void inputDemandChanged() {
        if (connection != null) {
            connection.setReadDemand(inputDemand());
        }
    }

    @Override
    public void readyToReceive() {
        if (!ended) {
            engine.readyToReceive();
            afterEngine();
        }
    }

    @Override
    public void closeGracefully() {
        if (ended || closing) {
            return;
        }
        closing = true;
        long lingerUntil = System.nanoTime() + options.closeLinger().toNanos();
        lingerThenEnd(lingerUntil, SessionEnd.of(SessionEnd.Reason.CLOSED_BY_CLIENT,
                "Session " + coordinates.sessionId() + " closed."));
    }

    /** Ends with {@code end} once nothing sent is unacknowledged, or at {@code lingerUntil}. */
    void lingerThenEnd(long lingerUntil, SessionEnd end) {
        if (ended) {
            return;
        }
        boolean drained = pendingControl.isEmpty() && engine.stats().unacknowledgedMessages() == 0
                && (handler == null || !handler.hasPendingOutput());
        if (drained || System.nanoTime() - lingerUntil >= 0) {
            end(end);
            return;
        }
        loop.schedule(() -> lingerThenEnd(lingerUntil, end), 10, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isEnded() {
        return ended;
    }

    @Override
    public void end(SessionEnd end) {
        if (ended) {
            return;
        }
        ended = true;
        resume.stop();
        timer.cancel();
        engine.close();
        pendingControl.clear();
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (handler != null) {
            try {
                handler.onEnd(end);
            } catch (RuntimeException e) {
                log.warn("Session {}: handler failed while ending: {}", coordinates.sessionId(), e.toString());
            }
        }
        if (cipher != null) {
            cipher.destroy();
        }
        if (end.isNormal()) {
            log.info("Session {} ended: {}", coordinates.sessionId(), end.message());
        } else {
            log.warn("Session {} ended ({}): {}", coordinates.sessionId(), end.reason(), end.message());
        }
        established.completeExceptionally(new SessionEndedException(end));
        completion.complete(end);
    }

    // ---------------------------------------------------------------------------------------------------------
    // ConnectionListener (websocket events, on the loop)

    @Override
    public void onBinaryMessage(WebSocketConnection from, ByteBuf message) {
        if (from != connection || ended) {
            return; // a retired connection: its frames are duplicates of what the new one carries
        }
        engine.onFrame(message);
        afterEngine();
    }

    @Override
    public void onWritabilityChanged(WebSocketConnection from) {
        if (from == connection && !ended && from.isWritable()) {
            engine.onTransportWritable();
            afterEngine();
        }
    }

    @Override
    public void onClosed(WebSocketConnection from, Throwable cause) {
        if (from != connection || ended) {
            return;
        }
        connection = null;
        engine.detach();
        afterEngine(); // only the give-up deadline is left while detached
        log.info("Session {}: connection #{} lost ({}); resuming", coordinates.sessionId(), from.number(),
                cause == null ? "closed" : cause.getMessage());
        events.onConnectionLost(cause);
        resume.connectionLost(cause);
    }

    // ---------------------------------------------------------------------------------------------------------
    // ChannelListener (engine events, on the loop)

    @Override
    public Delivery onStreamMessage(ClientMessage message) {
        Optional<PayloadType> known = message.knownPayloadType();
        if (known.isEmpty()) {
            log.debug("Session {}: ignoring payload type {}", coordinates.sessionId(), message.payloadType());
            return Delivery.ACCEPTED;
        }
        PayloadType type = known.get();
        switch (type) {
            // Handshake steps are acknowledged first and processed after, as the official client does (its
            // answer follows the ack on the wire); deferring keeps the three in order.
            case HANDSHAKE_REQUEST:
                afterAcknowledging(() -> handshake.onRequest(message.payload()));
                return Delivery.ACCEPTED;
            case ENC_CHALLENGE_REQUEST:
                afterAcknowledging(() -> handshake.onChallenge(message.payload()));
                return Delivery.ACCEPTED;
            case HANDSHAKE_COMPLETE:
                afterAcknowledging(() -> handshake.onComplete(message.payload()));
                return Delivery.ACCEPTED;
            case OUTPUT:
            case STDERR:
            case EXIT_CODE:
                return onData(type, message.payload());
            case FLAG:
                return onFlag(message.payload());
            default:
                log.debug("Session {}: ignoring {} from the agent", coordinates.sessionId(), type);
                return Delivery.ACCEPTED;
        }
    }

    private void afterAcknowledging(Runnable step) {
        loop.execute(() -> {
            if (!ended) {
                step.run();
                afterEngine();
            }
        });
    }

    private Delivery onData(PayloadType type, byte[] payload) {
        byte[] plaintext = payload;
        if (cipher != null && cipher.decryptsIncoming(type.code())) {
            Decoding<byte[]> decrypted = cipher.decrypt(payload);
            if (!decrypted.isOk()) {
                end(SessionEnd.of(SessionEnd.Reason.PROTOCOL_ERROR,
                        "Cannot decrypt data from the agent: " + decrypted.error()));
                return Delivery.NOT_READY;
            }
            plaintext = decrypted.value();
        }
        if (handler == null) {
            if (!handshake.started() && type == PayloadType.OUTPUT) {
                // No handshake: the agent's first Output selects the shell (client-protocol.md §5.4).
                startHandler(SessionTypes.STANDARD_STREAM, null);
            }
            if (handler == null) {
                return Delivery.NOT_READY;
            }
        }
        Delivery delivery = handler.onData(type, plaintext);
        inputDemandChanged();
        return delivery;
    }

    private Delivery onFlag(byte[] payload) {
        Decoding<PortFlag> flag = PortFlag.decode(payload);
        if (!flag.isOk()) {
            log.debug("Session {}: ignoring a malformed flag: {}", coordinates.sessionId(), flag.error());
            return Delivery.ACCEPTED;
        }
        if (handler == null) {
            return Delivery.NOT_READY;
        }
        handler.onFlag(flag.value());
        return Delivery.ACCEPTED;
    }

    @Override
    public void onServiceMessage(ClientMessage message) {
        if (!MessageTypes.CHANNEL_CLOSED.equals(message.messageType())) {
            log.debug("Session {}: ignoring {}", coordinates.sessionId(), message.messageType());
            return;
        }
        Decoding<ChannelClosed> closed = ChannelClosed.decode(message.payload());
        String output = closed.isOk() ? closed.value().output() : "";
        String id = closed.isOk() && !closed.value().sessionId().isEmpty() ? closed.value().sessionId()
                : coordinates.sessionId();
        String text = output.isEmpty() ? "Exiting session with sessionId: " + id + "."
                : "SessionId: " + id + " : " + output;
        end(SessionEnd.of(terminating ? SessionEnd.Reason.TERMINATED_BY_CLIENT : SessionEnd.Reason.CLOSED_BY_SERVICE,
                text));
    }

    @Override
    public void onWritable() {
        while (!pendingControl.isEmpty() && engine.isWritable()) {
            StreamPayload next = pendingControl.peek();
            if (!engine.trySend(next.payloadType(), next.encode())) {
                return;
            }
            pendingControl.poll();
        }
        if (handler != null && isWritable()) {
            handler.onWritable();
        }
    }

    @Override
    public void onInvalidFrame(DecodeError error) {
        log.debug("Session {}: dropped a malformed frame: {}", coordinates.sessionId(), error);
    }

    @Override
    public void onGiveUp(long sequenceNumber, Duration unacknowledgedFor) {
        loop.execute(() -> end(SessionEnd.of(SessionEnd.Reason.DELIVERY_TIMED_OUT, "Terminating session "
                + coordinates.sessionId() + " as the stream data was not processed before timeout (message "
                + sequenceNumber + " unacknowledged for " + unacknowledgedFor.toSeconds() + " s).")));
    }

    // ---------------------------------------------------------------------------------------------------------
    // HandshakeProcessor.Host

    @Override
    public void encryptionReady(SessionCipher sessionCipher) {
        this.cipher = sessionCipher;
    }

    @Override
    public void handshakeComplete(ClientHandshakeResult result, String customerMessage) {
        agentVersion = result.agentVersion();
        if (!customerMessage.isEmpty()) {
            events.onCustomerMessage(customerMessage);
        }
        startHandler(result.sessionHandler().orElseThrow(), result.sessionProperties().orElse(null));
    }

    @Override
    public void handshakeFailed(String message) {
        end(SessionEnd.of(SessionEnd.Reason.HANDSHAKE_FAILED, message));
    }

    private void startHandler(String handlerType, JsonNode properties) {
        try {
            handler = handlers.create(handlerType, properties, this);
        } catch (RuntimeException e) {
            end(SessionEnd.of(SessionEnd.Reason.HANDSHAKE_FAILED, "Cannot run a " + handlerType + " session: "
                    + e.getMessage(), e));
            return;
        }
        log.info("Session {}: {} session established (agent {}{})", coordinates.sessionId(), handlerType,
                agentVersion.isEmpty() ? "version unknown" : agentVersion, cipher != null ? ", KMS-encrypted" : "");
        inputDemandChanged();
        established.complete(handler);
    }

    // ---------------------------------------------------------------------------------------------------------
    // ResumeController.Host

    @Override
    public SessionCoordinates coordinates() {
        return coordinates;
    }

    @Override
    public void coordinatesResumed(SessionCoordinates next) {
        this.coordinates = next;
    }

    @Override
    public void adopt(WebSocketConnection next, ResumeTrigger trigger, Duration took) {
        WebSocketConnection old = connection;
        connection = next;
        engine.detach();
        next.setReadDemand(inputDemand());
        engine.attach(new TimedTransport(next)); // writes every unacknowledged message again; numbering carries on
        afterEngine();
        if (old != null) {
            old.close(); // retired: its end is not a loss any more
        }
        resume.connected(next);
        log.info("Session {}: resumed on connection #{} after {} ms ({}, signed by {})", coordinates.sessionId(),
                next.number(), took.toMillis(), trigger, next.signedBy().orElse("nobody"));
        events.onResumed(trigger, next.number(), took);
    }

    @Override
    public ConnectionListener connectionListener() {
        return this;
    }

    @Override
    public void warn(String message) {
        log.warn(message);
        events.onWarning(message);
    }

    // ---------------------------------------------------------------------------------------------------------

    private void attachFirst(WebSocketConnection first) {
        connection = first;
        first.setReadDemand(inputDemand());
        engine.attach(new TimedTransport(first));
        afterEngine();
        resume.connected(first);
        if (first.signedBy().map(key -> key.startsWith("ASIA")).orElse(false) && first.credentialsExpiry().isEmpty()) {
            warn("The temporary credentials (" + first.signedBy().get() + ") that sign session "
                    + coordinates.sessionId() + " have no expiry time, so they cannot be refreshed in this process:"
                    + " the session cannot outlive them. Use a refreshable source (a profile with "
                    + "credential_process, role_arn with source_profile, or SSO).");
        }
    }

    private boolean inputDemand() {
        return handler == null || handler.wantsInput();
    }

    /** After every engine call: keep the one timer right. */
    private void afterEngine() {
        if (!ended) {
            timer.reschedule();
        }
    }

    /**
     * The engine's view of a connection. Handlers write through the engine directly (byte streams), outside any
     * session callback; every flush therefore asks for the engine's timer to be set again, once per loop turn, so
     * that a message written that way is retransmitted if its acknowledgement never comes.
     */
    private final class TimedTransport implements FrameTransport {
        private final WebSocketConnection connection;

        TimedTransport(WebSocketConnection connection) {
            this.connection = connection;
        }

        @Override
        public void write(byte[] frame) {
            connection.write(frame);
        }

        @Override
        public boolean isWritable() {
            return connection.isWritable();
        }

        @Override
        public void flush() {
            connection.flush();
            timer.rescheduleSoon();
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}
