package dev.warden.client.port;

import dev.warden.client.SessionEnd;
import dev.warden.client.session.SessionChannel;
import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.mux.ByteStreamOverChannel;
import dev.warden.protocol.mux.OutputLimits;
import dev.warden.protocol.payload.PortFlag;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The port modes that carry one stream directly in the Output messages (client-protocol.md §6.3, §6.4), on the
 * protocol library's {@link ByteStreamOverChannel}: {@link PortMode#BYTE_STREAM} (one stream for the whole
 * session; when it ends, the session closes) and {@link PortMode#BASIC} (one local connection at a time; when it
 * ends, the DisconnectToPort flag tells the agent to close its destination connection, and the next waiting
 * connection takes over).
 *
 * <p>While no local end is connected, or the connected one is full, inbound Output is refused (NOT_READY) and the
 * agent retransmits it, as in the official client: nothing is buffered here beyond what the local end holds.
 */
final class DirectPortHandler implements PortForwarder {

    private static final Logger log = LoggerFactory.getLogger(DirectPortHandler.class);

    private final PortMode mode;
    private final SessionChannel channel;
    private final ByteStreamOverChannel bytes;
    private final ArrayDeque<LocalEnd> waiting = new ArrayDeque<>();
    /** Run once every byte written so far has been taken by the channel. */
    private final List<Runnable> drainWaiters = new ArrayList<>();
    private LocalEnd current;
    private boolean everConnected;

    DirectPortHandler(PortMode mode, SessionChannel channel) {
        if (mode == PortMode.MULTIPLEXED) {
            throw new IllegalArgumentException("multiplexed sessions use MuxPortHandler");
        }
        this.mode = mode;
        this.channel = channel;
        this.bytes = new ByteStreamOverChannel(channel.engine(), OutputLimits.ofPayloadSize(
                channel.options().chunkSize()), channel.eventLoop(), new ByteStreamOverChannel.Receiver() {
                    @Override
                    public void onBytes(ByteBuf received) {
                        deliver(received);
                    }

                    @Override
                    public void onWritable() {
                        if (current != null) {
                            current.onRemoteWritable();
                        }
                    }
                });
        bytes.setInboundPaused(true); // until a local end is connected
    }

    @Override
    public PortMode mode() {
        return mode;
    }

    @Override
    public void connect(LocalEnd local) {
        if (channel.isEnded() || (mode == PortMode.BYTE_STREAM && everConnected)) {
            local.onRemoteClosed(); // a byte-stream session carries exactly one stream
            return;
        }
        if (current == null) {
            activate(local);
        } else {
            waiting.add(local);
        }
    }

    @Override
    public void disconnected(LocalEnd local) {
        waiting.remove(local);
    }

    private void activate(LocalEnd local) {
        current = local;
        everConnected = true;
        local.bind(new Remote(local));
        bytes.setInboundPaused(!local.wantsMoreData());
    }

    private void deliver(ByteBuf received) {
        LocalEnd target = current;
        if (target == null) {
            received.release(); // not reached: inbound is paused while nothing is connected
            return;
        }
        target.onRemoteData(received);
        if (!target.wantsMoreData()) {
            bytes.setInboundPaused(true);
        }
    }

    @Override
    public Delivery onData(PayloadType type, byte[] plaintext) {
        if (type != PayloadType.OUTPUT) {
            return Delivery.ACCEPTED; // port sessions carry no stderr or exit code
        }
        return bytes.onOutput(plaintext);
    }

    @Override
    public void onWritable() {
        bytes.onChannelWritable();
        runDrainWaiters();
    }

    @Override
    public boolean hasPendingOutput() {
        return bytes.pendingBytes() > 0;
    }

    @Override
    public void onFlag(PortFlag flag) {
        log.debug("Session {}: ignoring flag {} in {} mode", channel.sessionId(), flag, mode);
    }

    @Override
    public void onEnd(SessionEnd end) {
        bytes.close();
        drainWaiters.clear();
        LocalEnd last = current;
        current = null;
        if (last != null) {
            last.onRemoteClosed();
        }
        while (!waiting.isEmpty()) {
            waiting.poll().onRemoteClosed();
        }
    }

    /** The local end closed: send what it wrote, then the mode's end-of-stream step. */
    private void localClosed(LocalEnd local) {
        if (local != current || channel.isEnded()) {
            return;
        }
        bytes.flush();
        if (mode == PortMode.BYTE_STREAM) {
            whenDrained(channel::closeGracefully);
            return;
        }
        bytes.setInboundPaused(true);
        whenDrained(() -> {
            channel.sendControl(PortFlag.DISCONNECT_TO_PORT);
            current = null;
            LocalEnd next = waiting.poll();
            if (next != null) {
                activate(next);
            }
        });
    }

    private void whenDrained(Runnable action) {
        drainWaiters.add(action);
        runDrainWaiters();
    }

    private void runDrainWaiters() {
        if (bytes.pendingBytes() == 0 && !drainWaiters.isEmpty()) {
            List<Runnable> due = new ArrayList<>(drainWaiters);
            drainWaiters.clear();
            due.forEach(Runnable::run);
        }
    }

    /** The session side of the current local end. */
    private final class Remote implements RemoteEnd {
        private final LocalEnd local;
        private boolean closed;

        Remote(LocalEnd local) {
            this.local = local;
        }

        @Override
        public void write(ByteBuf data) {
            if (closed || local != current) {
                data.release();
                return;
            }
            bytes.write(data);
        }

        @Override
        public void flush() {
            if (!closed && local == current) {
                bytes.flush();
            }
        }

        @Override
        public boolean isWritable() {
            return !closed && local == current && bytes.isWritable();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                localClosed(local);
            }
        }

        @Override
        public void resumeDelivery() {
            if (local == current && !closed && local.wantsMoreData()) {
                bytes.setInboundPaused(false);
            }
        }
    }
}
