package dev.warden.sandbox.dataplane;

import dev.warden.protocol.channel.FrameTransport;
import dev.warden.protocol.channel.TokenBucket;
import dev.warden.sandbox.agent.AgentSession;
import dev.warden.sandbox.agent.AgentSessionSpec;
import dev.warden.sandbox.agent.AgentSettings;
import dev.warden.sandbox.agent.SessionOutcome;
import dev.warden.sandbox.config.FaultSettings;
import dev.warden.sandbox.faults.FaultyFrameLink;
import dev.warden.sandbox.faults.FaultyFrameTransport;
import dev.warden.sandbox.faults.FrameDice;
import dev.warden.sandbox.faults.FrameRateCap;
import dev.warden.sandbox.fleet.Fleet;
import dev.warden.sandbox.fleet.ManagedInstance;
import dev.warden.sandbox.kms.KmsApi;
import dev.warden.sandbox.session.NoSuchSessionException;
import dev.warden.sandbox.session.SessionSnapshot;
import dev.warden.sandbox.session.Termination;
import dev.warden.sandbox.session.TerminationCause;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's side of one session (MGS): it relays between the client's current websocket and the session's
 * emulated agent, and applies what the service decides — the frame-rate cap, fault injection, publication pauses,
 * and the end of the session with {@code channel_closed}.
 *
 * <p>Everything runs on one event loop, the agent's. A client that reconnects after ResumeSession replaces the
 * previous connection; the agent then re-sends what the client has not acknowledged. Frames from any other than
 * the current connection are ignored.
 */
final class SessionHost implements SessionOutcome {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHost.class);

    private final String sessionId;
    private final EventLoop loop;
    private final DataPlaneContext context;
    private final ActivityMeter activity;
    private final AgentSession agent;
    private final FaultyFrameLink toAgent;
    private final FrameDice outboundDice;
    private final TokenBucket inboundCap;
    /** The client's stream frames waiting for the rate cap, in order. */
    private final ArrayDeque<byte[]> inboundQueue = new ArrayDeque<>();
    /** How many stream frames may wait for the cap before the connection stops reading: one second's worth. */
    private final int inboundQueueLimit;
    private final Runnable onFinished;
    private final SessionLog log;
    private final String target;
    private DataChannelConnection current;
    private ScheduledFuture<?> inboundRetry;
    private ScheduledFuture<?> pauseSchedule;
    private boolean finished;

    SessionHost(String sessionId, EventLoop loop, DataPlaneContext context, Fleet fleet, KmsApi kms,
                AgentSettings settings, Runnable onFinished) {
        this.sessionId = sessionId;
        this.loop = loop;
        this.context = context;
        this.onFinished = onFinished;
        this.activity = new ActivityMeter(context.registry(), sessionId);
        SessionSnapshot session = context.registry().find(sessionId)
                .orElseThrow(() -> new NoSuchSessionException(sessionId));
        this.target = session.target();
        ManagedInstance instance = fleet.find(session.target())
                .orElseThrow(() -> new IllegalStateException("session " + sessionId + " targets an unknown instance"));
        FaultSettings faults = context.faults().current();
        AgentSettings agentSettings = new AgentSettings(settings.payloadSize(), settings.shellOutputDelay(),
                settings.handshakeTimeout(), settings.sessionLogDirectory(),
                FrameRateCap.limits(faults.maxFramesPerSecond()));
        AgentSessionSpec spec = new AgentSessionSpec(sessionId, instance, session.document(), session.preferences(),
                kms::decryptDataKey, agentSettings);
        this.agent = new AgentSession(spec, loop, this);
        this.toAgent = new FaultyFrameLink(context.faults(), new FrameDice(faults.seed(), sessionId, "to-agent"),
                loop, agent::onFrame, false);
        this.outboundDice = new FrameDice(faults.seed(), sessionId, "to-client");
        this.inboundCap = FrameRateCap.limits(faults.maxFramesPerSecond())
                .map(limits -> new TokenBucket(limits, System.nanoTime())).orElse(null);
        this.inboundQueueLimit = Math.max(1, faults.maxFramesPerSecond());
        this.log = SessionLog.open(settings.sessionLogDirectory(), session);
        schedulePublicationPauses(faults);
    }

    /** A connection presented a valid token: it becomes the session's connection. */
    void connect(DataChannelConnection connection, String clientVersion) {
        loop.execute(() -> {
            if (finished) {
                connection.closeAfterWrites();
                return;
            }
            DataChannelConnection previous = current;
            current = connection;
            if (previous != null) {
                agent.detach();
                previous.closeAfterWrites();
            }
            try {
                context.registry().markConnected(sessionId);
            } catch (RuntimeException e) {
                LOG.debug("Session {}: could not mark connected: {}", sessionId, e.toString());
            }
            log.event(previous == null ? "connected, client " + clientVersion : "reconnected, client " + clientVersion);
            FrameTransport transport = new FaultyFrameTransport(new WebSocketTransport(connection.channel(), activity),
                    context.faults(), outboundDice, loop);
            agent.attach(transport);
        });
    }

    void onClientFrame(DataChannelConnection connection, byte[] frame) {
        loop.execute(() -> {
            if (connection != current || finished) {
                return;
            }
            if (!FramePeek.isStreamData(frame)) {
                // The cap counts data messages: acknowledgements are relayed at once, never behind stream frames
                // that wait for it. Held back, they would stretch the agent's round-trip samples by the client's
                // queue and time its messages out for nothing.
                toAgent.send(frame);
                return;
            }
            inboundQueue.add(frame);
            drainInbound();
        });
    }

    /**
     * Passes the client's queued stream frames to the agent, in order; those beyond the rate cap wait, as the service
     * throttles rather than drops. The connection stops reading only when a second's worth of frames waits (then TCP
     * slows the client down), so acknowledgements behind them still arrive.
     */
    private void drainInbound() {
        while (!inboundQueue.isEmpty() && !finished) {
            byte[] next = inboundQueue.peek();
            if (inboundCap != null) {
                long now = System.nanoTime();
                if (!inboundCap.tryTake(next.length, now)) {
                    long wait = Math.max(1, inboundCap.nanosUntilAvailable(next.length, now));
                    setReading(inboundQueue.size() < inboundQueueLimit);
                    if (inboundRetry == null) {
                        inboundRetry = loop.schedule(() -> {
                            inboundRetry = null;
                            drainInbound();
                        }, wait, TimeUnit.NANOSECONDS);
                    }
                    return;
                }
            }
            inboundQueue.poll();
            activity.streamFramePassed();
            toAgent.send(next);
        }
        setReading(true);
    }

    private void setReading(boolean reading) {
        DataChannelConnection connection = current;
        if (connection != null && connection.channel().config().isAutoRead() != reading) {
            connection.channel().config().setAutoRead(reading);
        }
    }

    void onTransportWritable(DataChannelConnection connection) {
        loop.execute(() -> {
            if (connection == current && !finished) {
                agent.onTransportWritable();
            }
        });
    }

    void onConnectionClosed(DataChannelConnection connection) {
        loop.execute(() -> {
            if (connection != current) {
                return;
            }
            current = null;
            inboundQueue.clear();
            agent.detach();
            if (!finished) {
                log.event("disconnected");
                try {
                    context.registry().markDisconnected(sessionId);
                } catch (RuntimeException e) {
                    LOG.debug("Session {}: could not mark disconnected: {}", sessionId, e.toString());
                }
            }
        });
    }

    /** The session ended (any cause): channel_closed to the client, then the connection and the agent close. */
    void terminate(Termination termination) {
        loop.execute(() -> {
            if (finished) {
                return;
            }
            finished = true;
            if (pauseSchedule != null) {
                pauseSchedule.cancel(false);
            }
            if (inboundRetry != null) {
                inboundRetry.cancel(false);
            }
            agent.cancel();
            DataChannelConnection connection = current;
            current = null;
            if (connection != null) {
                connection.channel().write(new io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame(
                        io.netty.buffer.Unpooled.wrappedBuffer(ServiceMessages.channelClosed(sessionId, target,
                                termination.message(), context.clock().instant()))));
                connection.closeAfterWrites();
            }
            log.ended(termination);
            onFinished.run();
        });
    }

    // ----- the agent's outcome (on the loop)

    @Override
    public void ended() {
        context.registry().terminate(sessionId, Termination.of(TerminationCause.SESSION_ENDED));
    }

    @Override
    public void failed(String output) {
        try {
            context.registry().markFailed(sessionId, output);
        } catch (RuntimeException e) {
            context.registry().terminate(sessionId, new Termination(TerminationCause.FAILURE, output));
        }
    }

    /** The configured publication bursts: pause the agent's output every so often, then let it go on. */
    private void schedulePublicationPauses(FaultSettings faults) {
        Duration every = faults.pausePublicationEvery();
        if (every == null) {
            return;
        }
        long period = every.toNanos();
        long pause = faults.pausePublicationFor().toNanos();
        pauseSchedule = loop.scheduleAtFixedRate(() -> {
            if (finished) {
                return;
            }
            agent.onFrame(ServiceMessages.pausePublication(context.clock().instant()));
            loop.schedule(() -> {
                if (!finished) {
                    agent.onFrame(ServiceMessages.startPublication(context.clock().instant()));
                }
            }, pause, TimeUnit.NANOSECONDS);
        }, period, period, TimeUnit.NANOSECONDS);
    }

    Optional<AgentSession> agent() {
        return Optional.of(agent);
    }
}
