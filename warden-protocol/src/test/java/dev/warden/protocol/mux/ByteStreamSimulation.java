package dev.warden.protocol.mux;

import dev.warden.protocol.testing.InstrumentedAllocator;
import dev.warden.protocol.testing.PlannedStreamEnd;
import dev.warden.protocol.testing.SimulatedLink;
import io.netty.buffer.ByteBuf;

import java.time.Duration;

/**
 * A plain byte stream in each direction between a client and an agent, each end a {@link ByteStreamOverChannel} over
 * its own engine, the engines joined by a {@link SimulatedLink} (loss, duplication, corruption, delay, reordering,
 * cuts). Writers write random amounts while the stream is writable, flush now and then, and wait for
 * {@link ByteStreamOverChannel.Receiver#onWritable()} otherwise; receivers pause their input at random for up to two
 * simulated seconds, as a slow local socket would.
 *
 * <p>Checked: every byte arrives exactly once and in order; no payload is passed to a paused receiver; the stream's
 * pending bytes stay below {@code maxPendingBytes} plus one write; the engines stay within their bounds; the run
 * completes within a bounded simulated time, with everything acknowledged and every buffer released.
 */
final class ByteStreamSimulation {

    record Scenario(SimulatedLink.Settings link, int clientBytes, int agentBytes, int maxPayloadSize,
                    int maxPendingBytes, int maxWrite, int pausePercent) {
    }

    private static final Duration STALL_LIMIT = Duration.ofMinutes(2);

    private final Scenario scenario;
    private final SimulatedLink link;
    private final OutputLimits limits;
    private final InstrumentedAllocator allocator = new InstrumentedAllocator();
    private final End client;
    private final End agent;
    /** The time receivers chose to stay paused, summed. */
    private long pauseNanos;

    ByteStreamSimulation(Scenario scenario) {
        this.scenario = scenario;
        this.limits = new OutputLimits(scenario.maxPayloadSize(), scenario.maxPendingBytes());
        long expectedFrames = 2L * (scenario.clientBytes() + scenario.agentBytes()) / scenario.maxPayloadSize();
        this.link = new SimulatedLink(scenario.link(), scenario.maxPayloadSize(), expectedFrames);
        this.client = new End("client", link.client(), scenario.clientBytes(), scenario.agentBytes(), 1, 2);
        this.agent = new End("agent", link.agent(), scenario.agentBytes(), scenario.clientBytes(), 2, 1);
    }

    void run() {
        link.after(0, client::pump);
        link.after(0, agent::pump);
        link.run(this::done, this::progress, this::checkBounds, STALL_LIMIT,
                this::timeLimitNanos, this::state);
        if (allocator.usedBytes() != 0) {
            throw link.failure(allocator.usedBytes() + " bytes never released");
        }
    }

    long timeLimitNanos() {
        return link.timeLimitNanos(scenario.maxPayloadSize(), pauseNanos);
    }

    SimulatedLink link() {
        return link;
    }

    long notReadyAnswers() {
        return client.stream.notReadyAnswers() + agent.stream.notReadyAnswers();
    }

    private boolean done() {
        return client.complete() && agent.complete()
                && link.client().channel().stats().unacknowledgedMessages() == 0
                && link.agent().channel().stats().unacknowledgedMessages() == 0;
    }

    private long progress() {
        return client.written + client.received + agent.written + agent.received
                + link.client().channel().stats().messagesAcknowledged()
                + link.agent().channel().stats().messagesAcknowledged();
    }

    private void checkBounds() {
        client.checkBounds();
        agent.checkBounds();
    }

    private String state() {
        return scenario + "\n " + client + "\n " + agent;
    }

    private final class End implements ByteStreamOverChannel.Receiver {
        final String name;
        final ByteStreamOverChannel stream;
        final int toSend;
        final int toReceive;
        final int sendSalt;
        final int receiveSalt;
        int written;
        int received;
        boolean pumpScheduled;
        boolean waitingForWritable;

        End(String name, SimulatedLink.Side side, int toSend, int toReceive, int sendSalt, int receiveSalt) {
            this.name = name;
            this.toSend = toSend;
            this.toReceive = toReceive;
            this.sendSalt = sendSalt;
            this.receiveSalt = receiveSalt;
            this.stream = new ByteStreamOverChannel(side.channel(), limits, link.eventLoop(), this);
            side.onOutput(message -> stream.onOutput(message.payload()));
            side.onWritable(stream::onChannelWritable);
        }

        /** A burst of writes while writable, then (usually) a flush; then the next burst, or wait for onWritable. */
        void pump() {
            pumpScheduled = false;
            int burst = 1 + link.random().nextInt(6);
            while (written < toSend && burst-- > 0 && stream.isWritable()) {
                int n = 1 + link.random().nextInt(Math.min(toSend - written, scenario.maxWrite()));
                ByteBuf data = allocator.buffer(n);
                for (int i = 0; i < n; i++) {
                    data.writeByte(PlannedStreamEnd.patternByte(sendSalt, written + i));
                }
                if (!stream.write(data)) {
                    throw link.failure(name + ": write refused");
                }
                written += n;
            }
            if (written == toSend || link.random().nextInt(10) < 7) {
                stream.flush();
            }
            if (written < toSend) {
                if (stream.isWritable()) {
                    pumpScheduled = true;
                    link.after(link.random().nextInt(5) * SimulatedLink.MS, this::pump);
                } else {
                    waitingForWritable = true;
                }
            }
        }

        @Override
        public void onWritable() {
            if (!stream.isWritable()) {
                throw link.failure(name + ": onWritable while not writable");
            }
            if (waitingForWritable && !pumpScheduled) {
                waitingForWritable = false;
                if (link.random().nextBoolean()) {
                    pump(); // straight from the callback
                } else {
                    pumpScheduled = true;
                    link.after(0, this::pump);
                }
            }
        }

        @Override
        public void onBytes(ByteBuf bytes) {
            try {
                if (stream.isInboundPaused()) {
                    throw link.failure(name + ": bytes delivered while paused");
                }
                int n = bytes.readableBytes();
                if (n > scenario.maxPayloadSize()) {
                    throw link.failure(name + ": a payload of " + n + " bytes");
                }
                for (int i = 0; i < n; i++) {
                    if (received + i >= toReceive
                            || bytes.getByte(bytes.readerIndex() + i)
                            != PlannedStreamEnd.patternByte(receiveSalt, received + i)) {
                        throw link.failure(name + ": wrong or extra byte at offset " + (received + i));
                    }
                }
                received += n;
            } finally {
                bytes.release();
            }
            if (link.random().nextInt(100) < scenario.pausePercent()) {
                // A slow local socket: no more input for a while. Now and then it drains at once.
                stream.setInboundPaused(true);
                if (link.random().nextInt(10) == 0) {
                    pauseNanos += SimulatedLink.PAUSE_RECOVERY;
                    stream.setInboundPaused(false);
                } else {
                    long pause = link.random().nextInt(2_000) * SimulatedLink.MS;
                    pauseNanos += pause + SimulatedLink.PAUSE_RECOVERY;
                    link.after(pause, () -> stream.setInboundPaused(false));
                }
            }
        }

        void checkBounds() {
            if (stream.pendingBytes() >= (long) scenario.maxPendingBytes() + scenario.maxWrite()) {
                throw link.failure(name + " holds " + stream.pendingBytes() + " pending bytes");
            }
        }

        boolean complete() {
            return written == toSend && received == toReceive && stream.pendingBytes() == 0;
        }

        @Override
        public String toString() {
            return name + " written " + written + "/" + toSend + " received " + received + "/" + toReceive
                    + " pending " + stream.pendingBytes() + " paused " + stream.isInboundPaused() + " notReady "
                    + stream.notReadyAnswers() + " waiting " + waitingForWritable;
        }
    }
}
