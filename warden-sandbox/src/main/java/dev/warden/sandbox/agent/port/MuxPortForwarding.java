package dev.warden.sandbox.agent.port;

import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.mux.OutputLimits;
import dev.warden.protocol.mux.SmuxOverChannel;
import dev.warden.protocol.payload.PortFlag;
import dev.warden.protocol.smux.SmuxCloseReason;
import dev.warden.protocol.smux.SmuxConfig;
import dev.warden.protocol.smux.SmuxSessionListener;
import dev.warden.protocol.smux.SmuxStream;
import dev.warden.protocol.version.VersionGates;
import dev.warden.sandbox.agent.AgentTexts;
import dev.warden.sandbox.agent.PluginContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Multiplexed port forwarding (agent-side.md §4.4): the agent is the smux server (version 1, the agent's
 * defaults, keep-alive off for clients newer than 1.2.331.0) on the session's Output stream; every stream the
 * client opens is one connection to the destination, dialled when the stream arrives. A failed dial sends the
 * Flag ConnectToPortError and closes the stream; the session goes on. The smux session failing (e.g. a keep-alive
 * timeout) ends the session with an error.
 */
final class MuxPortForwarding implements PortPlugin.Mode, SmuxSessionListener {

    private final PluginContext context;
    private final PortParameters parameters;
    private final SmuxOverChannel mux;
    private final List<StreamToDestination> connections = new ArrayList<>();
    private ScheduledFuture<?> tick;
    private long tickAt = Long.MAX_VALUE;
    private boolean stopped;

    MuxPortForwarding(PluginContext context, PortParameters parameters) {
        this.context = context;
        this.parameters = parameters;
        SmuxConfig config = SmuxConfig.defaults().toBuilder()
                .version(1)
                .keepAliveEnabled(!VersionGates.clientDisablesSmuxKeepAlive(context.clientVersion()))
                .build();
        this.mux = SmuxOverChannel.server(context.channel(),
                OutputLimits.ofPayloadSize(context.output().payloadSize()), config, this, context.eventLoop(),
                System.nanoTime());
    }

    @Override
    public void start() {
        scheduleTick();
    }

    @Override
    public Delivery onOutput(byte[] payload) {
        Delivery delivery = mux.onOutput(payload);
        scheduleTick();
        return delivery;
    }

    @Override
    public void onChannelWritable() {
        mux.onChannelWritable();
    }

    @Override
    public void stop() {
        stopped = true;
        cancelTick();
        for (StreamToDestination connection : List.copyOf(connections)) {
            connection.close();
        }
        mux.close();
    }

    @Override
    public void onStreamAccepted(SmuxStream stream) {
        Destination destination = DestinationResolver.resolve(context.spec().instance(), parameters);
        StreamToDestination connection = new StreamToDestination(stream, context, () -> {
            connections.removeIf(c -> c.stream() == stream);
            context.channelUsed();
        });
        connections.add(connection);
        if (destination.problem().isPresent()) {
            refuse(connection);
            return;
        }
        connection.dial(destination, () -> refuse(connection));
    }

    /** The agent's answer to a failed dial: the Flag, then the stream's FIN. */
    private void refuse(StreamToDestination connection) {
        if (stopped) {
            return;
        }
        context.output().trySend(PortFlag.CONNECT_TO_PORT_ERROR);
        connection.close();
        context.channelUsed();
    }

    @Override
    public void onSessionClosed(SmuxCloseReason reason) {
        cancelTick();
        if (!stopped) {
            context.sessionFailed(AgentTexts.markedFailed("smux session closed: " + reason));
        }
    }

    /** Keeps one timer for the smux session's keep-alive deadlines (only clients up to 1.2.331.0 have any). */
    private void scheduleTick() {
        if (stopped) {
            return;
        }
        long next = mux.session().nextDeadlineNanos();
        if (next == Long.MAX_VALUE || next == tickAt) {
            return;
        }
        cancelTick();
        tickAt = next;
        tick = context.eventLoop().schedule(() -> {
            tickAt = Long.MAX_VALUE;
            tick = null;
            mux.session().onTick(System.nanoTime());
            context.channelUsed();
            scheduleTick();
        }, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void cancelTick() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        tickAt = Long.MAX_VALUE;
    }
}
