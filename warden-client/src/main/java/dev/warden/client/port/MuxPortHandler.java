package dev.warden.client.port;

import dev.warden.client.SessionEnd;
import dev.warden.client.session.SessionChannel;
import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.mux.OutputLimits;
import dev.warden.protocol.mux.SmuxOverChannel;
import dev.warden.protocol.payload.PortFlag;
import dev.warden.protocol.smux.SmuxCloseReason;
import dev.warden.protocol.smux.SmuxConfig;
import dev.warden.protocol.smux.SmuxSession;
import dev.warden.protocol.smux.SmuxSessionListener;
import dev.warden.protocol.smux.SmuxStream;
import dev.warden.protocol.version.VersionGates;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Multiplexed port forwarding (client-protocol.md §6.5): the protocol library's {@link SmuxOverChannel} runs an
 * smux client directly on the Output byte stream (no internal socket pair as in the plugin), one smux stream per
 * local connection. Keep-alive follows the agent's version gate, so both ends agree. A ConnectToPortError flag
 * from the agent is reported; the agent closes the affected stream itself.
 */
final class MuxPortHandler implements PortForwarder, SmuxSessionListener {

    private static final Logger log = LoggerFactory.getLogger(MuxPortHandler.class);

    private final SessionChannel channel;
    private final SmuxOverChannel mux;
    private final SmuxSession smux;
    private ScheduledFuture<?> tick;
    private long tickAt = Long.MAX_VALUE;

    MuxPortHandler(SessionChannel channel) {
        this.channel = channel;
        boolean keepAlive = !VersionGates.agentDisablesSmuxKeepAlive(channel.agentVersion());
        SmuxConfig config = SmuxConfig.defaults().toBuilder().keepAliveEnabled(keepAlive).build();
        this.mux = SmuxOverChannel.client(channel.engine(), OutputLimits.ofPayloadSize(channel.options().chunkSize()),
                config, this, channel.eventLoop(), System.nanoTime());
        this.smux = mux.session();
        scheduleTick();
    }

    @Override
    public PortMode mode() {
        return PortMode.MULTIPLEXED;
    }

    @Override
    public void connect(LocalEnd local) {
        if (smux.isClosed() || channel.isEnded()) {
            local.onRemoteClosed();
            return;
        }
        SmuxStream stream = smux.openStream();
        SmuxBridge bridge = new SmuxBridge(stream, local);
        stream.listener(bridge);
        local.bind(bridge);
        scheduleTick();
    }

    @Override
    public Delivery onData(PayloadType type, byte[] plaintext) {
        if (type != PayloadType.OUTPUT) {
            return Delivery.ACCEPTED;
        }
        Delivery delivery = mux.onOutput(plaintext);
        scheduleTick();
        return delivery;
    }

    @Override
    public void onFlag(PortFlag flag) {
        if (flag == PortFlag.CONNECT_TO_PORT_ERROR) {
            log.warn("Session {}: Connection to destination port failed, check SSM Agent logs.", channel.sessionId());
            channel.events().onConnectToPortError();
        }
    }

    @Override
    public void onWritable() {
        mux.onChannelWritable();
    }

    @Override
    public boolean hasPendingOutput() {
        if (mux.pendingBytes() > 0) {
            return true;
        }
        for (SmuxStream stream : smux.streams()) {
            if (stream.pendingWriteBytes() > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onEnd(SessionEnd end) {
        if (tick != null) {
            tick.cancel(false);
        }
        mux.close();
    }

    // ----- SmuxSessionListener

    @Override
    public void onStreamAccepted(SmuxStream stream) {
        stream.close(); // the agent never opens streams towards the client
    }

    @Override
    public void onSessionClosed(SmuxCloseReason reason) {
        if (!channel.isEnded() && reason.kind() != SmuxCloseReason.Kind.LOCAL_CLOSE) {
            channel.end(SessionEnd.of(SessionEnd.Reason.PROTOCOL_ERROR,
                    "The multiplexed port session failed: " + reason));
        }
    }

    /** One event-loop timer for the smux session's next deadline (keep-alive), as for the engine. */
    private void scheduleTick() {
        long next = smux.nextDeadlineNanos();
        if (next == Long.MAX_VALUE || (tick != null && next == tickAt)) {
            return;
        }
        if (tick != null) {
            tick.cancel(false);
        }
        tickAt = next;
        tick = channel.eventLoop().schedule(() -> {
            tick = null;
            smux.onTick(System.nanoTime());
            scheduleTick();
        }, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
