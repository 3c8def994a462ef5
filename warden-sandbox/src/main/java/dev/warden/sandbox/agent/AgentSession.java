package dev.warden.sandbox.agent;

import dev.warden.protocol.DecodeError;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.channel.ChannelConfig;
import dev.warden.protocol.channel.ChannelListener;
import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.channel.ChannelRole;
import dev.warden.protocol.channel.FrameTransport;
import dev.warden.protocol.channel.ReliableChannel;
import dev.warden.protocol.crypto.SessionCipher;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.PayloadType;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulated SSM Agent of one session: its end of the data channel (the reliable-channel engine in the AGENT
 * role), the handshake, and the session plugin. The service side (the data plane) attaches the client's websocket
 * when it connects, detaches it when it drops, and attaches the next one after a ResumeSession; the agent keeps
 * numbering and buffering meanwhile, and re-sends what the client has not acknowledged once it is back.
 *
 * <h2>Lifecycle</h2>
 * The agent starts with the first {@link #attach}: it sends its HandshakeRequest (or, for a shell without KMS,
 * starts the shell at once), as a real agent does right after opening its data channel. It ends either because
 * the service {@link #cancel()}s it (TerminateSession, timeouts; the service's {@code channel_closed}) or because
 * the plugin ends the session, which the agent reports through its {@link SessionOutcome} after waiting up to
 * two seconds for the client to acknowledge what was sent (the agent's {@code PrepareToCloseChannel}).
 *
 * <h2>Threading</h2>
 * Everything, plugin included, runs on one event loop, given at creation. Every public method must be called on
 * it. A failure inside the agent never escapes: it fails this session and no other.
 */
public final class AgentSession {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSession.class);
    /** How long the agent waits for its last messages to be acknowledged before closing (PrepareToCloseChannel). */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(2);
    private static final long DRAIN_POLL_MILLIS = 10;
    /**
     * The least margin of a retransmission timeout above the smoothed round trip: the agent's resend scheduler
     * looks every 100 ms (agent-side.md §3.3), so it never resends sooner than that after a message's RTO; the
     * protocol's 10 ms alone would resend whatever a short stall of this machine delayed.
     */
    private static final Duration RESEND_GRANULARITY = Duration.ofMillis(100);

    private final AgentSessionSpec spec;
    private final EventLoop loop;
    private final SessionOutcome outcome;
    private final ReliableChannel channel;
    private final ChannelTimer timer;
    private final AgentOutput output;
    private final HandshakeFlow handshake;
    private final Context context = new Context();

    private SessionPlugin plugin;
    private boolean pluginStarted;
    private SessionCipher cipher;
    private String clientVersion;
    private boolean started;
    private boolean finishing;
    private boolean cancelled;

    public AgentSession(AgentSessionSpec spec, EventLoop loop, SessionOutcome outcome) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        ChannelConfig.Builder config = ChannelConfig.builder().clockGranularity(RESEND_GRANULARITY);
        spec.settings().pacing().ifPresent(config::pacing);
        this.channel = new ReliableChannel(ChannelRole.AGENT, config.build(), new EngineListener());
        this.timer = new ChannelTimer(channel, loop, () -> { });
        this.output = new AgentOutput(channel, timer, spec.settings().payloadSize());
        this.handshake = new HandshakeFlow(spec, output, loop, task -> loop.execute(() -> guarded(task)),
                new HandshakeListener());
    }

    public String sessionId() {
        return spec.sessionId();
    }

    /** The loop every method must be called on. */
    public EventLoop loop() {
        return loop;
    }

    /**
     * The client is connected through {@code transport}: at first, and again after each resume. Unacknowledged
     * messages go out again at once.
     */
    public void attach(FrameTransport transport) {
        guarded(() -> {
            if (cancelled) {
                return;
            }
            channel.attach(transport);
            if (!started) {
                started = true;
                start();
            }
        });
    }

    /** The client's connection is gone; the agent keeps numbering and buffering until the next {@link #attach}. */
    public void detach() {
        guarded(channel::detach);
    }

    /**
     * One websocket binary message from the client, or a service message for the agent
     * ({@code pause_publication}, {@code start_publication}). Malformed frames are dropped without acknowledgement.
     */
    public void onFrame(byte[] frame) {
        guarded(() -> channel.onFrame(frame));
    }

    /** The client's connection takes writes again. */
    public void onTransportWritable() {
        guarded(channel::onTransportWritable);
    }

    /**
     * The service ends the session ({@code channel_closed} to the agent): the plugin stops at once (shell killed,
     * connections closed) and the engine is closed. Idempotent.
     */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        finishing = true;
        handshake.cancel();
        stopPlugin();
        channel.close();
        timer.cancel();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** The engine's counters, for tests and diagnostics. */
    public dev.warden.protocol.channel.ChannelStats stats() {
        return channel.stats();
    }

    private void start() {
        plugin = PluginFactory.create(context);
        if (handshake.isRequired()) {
            handshake.begin();
        } else {
            startPlugin();
        }
    }

    private void startPlugin() {
        pluginStarted = true;
        plugin.start();
    }

    private void stopPlugin() {
        if (plugin != null) {
            SessionPlugin stopping = plugin;
            try {
                stopping.stop();
            } catch (RuntimeException e) {
                LOG.warn("Plugin of session {} failed to stop cleanly", spec.sessionId(), e);
            }
        }
    }

    /** Ends the session from the agent's side: stop, drain, then report. */
    private void finish(Runnable report) {
        if (finishing) {
            return;
        }
        finishing = true;
        handshake.cancel();
        stopPlugin();
        awaitDrained(System.nanoTime() + DRAIN_LIMIT.toNanos(), report);
    }

    private void awaitDrained(long deadline, Runnable report) {
        if (cancelled || channel.stats().unacknowledgedMessages() == 0 || System.nanoTime() - deadline >= 0) {
            report.run();
            return;
        }
        loop.schedule(() -> awaitDrained(deadline, report), DRAIN_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("The emulated agent of session {} failed", spec.sessionId(), e);
            finish(() -> outcome.failed(AgentTexts.markedFailed("The emulated agent failed: " + e)));
        } finally {
            if (!cancelled) {
                timer.reschedule();
            }
        }
    }

    private Delivery deliver(ClientMessage message) {
        Optional<PayloadType> type = message.knownPayloadType();
        if (type.isPresent() && type.get() == PayloadType.HANDSHAKE_RESPONSE) {
            return handshake.onHandshakeResponse(message.payload());
        }
        if (type.isPresent() && type.get() == PayloadType.ENC_CHALLENGE_RESPONSE) {
            return handshake.onEncChallengeResponse(message.payload());
        }
        if (handshake.inProgress() || finishing) {
            return Delivery.ACCEPTED; // the agent acknowledges and drops input until the handshake is done
        }
        if (!pluginStarted) {
            return Delivery.NOT_READY;
        }
        if (type.isEmpty()) {
            return Delivery.ACCEPTED; // payload types no plugin knows are acknowledged and ignored
        }
        byte[] payload = message.payload();
        if (cipher != null && cipher.decryptsIncoming(message.payloadType())) {
            Decoding<byte[]> plaintext = cipher.decrypt(payload);
            if (!plaintext.isOk()) {
                return Delivery.NOT_READY; // the agent's decrypt error: not acknowledged
            }
            payload = plaintext.value();
        }
        return plugin.onInput(type.get(), payload);
    }

    private final class EngineListener implements ChannelListener {
        @Override
        public Delivery onStreamMessage(ClientMessage message) {
            return deliver(message);
        }

        @Override
        public void onWritable() {
            if (pluginStarted && !finishing) {
                plugin.onChannelWritable();
            }
        }

        @Override
        public void onInvalidFrame(DecodeError error) {
            LOG.debug("Session {}: dropped an invalid frame: {}", spec.sessionId(), error);
        }
    }

    private final class HandshakeListener implements HandshakeFlow.Listener {
        @Override
        public void onHandshakeComplete(String version, Optional<SessionCipher> sessionCipher) {
            clientVersion = version;
            sessionCipher.ifPresent(c -> {
                cipher = c;
                output.encryptWith(c);
            });
            startPlugin();
        }

        @Override
        public void onHandshakeFailed(String error) {
            finish(() -> outcome.failed(AgentTexts.handshakeFailed(error)));
        }
    }

    private final class Context implements PluginContext {
        @Override
        public AgentSessionSpec spec() {
            return spec;
        }

        @Override
        public String clientVersion() {
            return clientVersion;
        }

        @Override
        public EventLoop eventLoop() {
            return loop;
        }

        @Override
        public AgentOutput output() {
            return output;
        }

        @Override
        public ReliableChannel channel() {
            return channel;
        }

        @Override
        public void channelUsed() {
            if (!cancelled) {
                timer.rescheduleSoon();
            }
        }

        @Override
        public void sessionEnded() {
            finish(outcome::ended);
        }

        @Override
        public void sessionFailed(String text) {
            finish(() -> outcome.failed(text));
        }
    }
}
