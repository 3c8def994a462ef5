package dev.warden.protocol.channel;

import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.Acknowledgement;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One engine wired to a fake ticker, a recording transport and a recording listener, plus the frames its peer
 * would send. {@link #runFor} plays the owner's single timer: it fires {@code onTimer()} at each reported
 * deadline, exactly like a driver scheduling on an event loop, but in simulated time.
 */
final class ChannelFixture {

    static final long WALL_CLOCK_MILLIS = 1_700_000_000_000L;

    final FakeTicker ticker = new FakeTicker();
    final RecordingTransport transport = new RecordingTransport();
    final RecordingListener listener = new RecordingListener();
    final ChannelRole role;
    final ReliableChannel channel;
    private long nextId;
    private long peerIds = 1L << 40;

    private ChannelFixture(ChannelRole role, UnaryOperator<ChannelConfig.Builder> configure) {
        this.role = role;
        ChannelConfig config = configure.apply(ChannelConfig.builder()
                .ticker(ticker)
                .wallClockMillis(() -> WALL_CLOCK_MILLIS)
                .messageIds(() -> new UUID(0x4000L, ++nextId))).build();
        this.channel = new ReliableChannel(role, config, listener);
    }

    /** An attached client engine with default settings. */
    static ChannelFixture client() {
        return attached(ChannelRole.CLIENT, b -> b);
    }

    static ChannelFixture attached(ChannelRole role, UnaryOperator<ChannelConfig.Builder> configure) {
        ChannelFixture fixture = detached(role, configure);
        fixture.channel.attach(fixture.transport);
        return fixture;
    }

    static ChannelFixture detached(ChannelRole role, UnaryOperator<ChannelConfig.Builder> configure) {
        return new ChannelFixture(role, configure);
    }

    boolean send(String text) {
        return channel.trySend(PayloadType.OUTPUT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A stream message the peer sends, numbered {@code sequenceNumber}. */
    byte[] peerData(long sequenceNumber, String text) {
        return FrameCodec.encodeToArray(peerMessage(sequenceNumber, text));
    }

    ClientMessage peerMessage(long sequenceNumber, String text) {
        return ClientMessage.stream(role.incomingMessageType(), sequenceNumber, 0, PayloadType.OUTPUT,
                text.getBytes(StandardCharsets.UTF_8), WALL_CLOCK_MILLIS, new UUID(0x4000L, ++peerIds));
    }

    /** The peer's acknowledgement of this end's message {@code sequenceNumber}. */
    byte[] ackFor(long sequenceNumber) {
        return ackWithPayload(new Acknowledgement(role.outgoingMessageType(), UUID.randomUUID().toString(),
                sequenceNumber, true).encode());
    }

    byte[] ackWithPayload(byte[] payload) {
        return FrameCodec.encodeToArray(new ClientMessage(MessageTypes.ACKNOWLEDGE, 1, WALL_CLOCK_MILLIS, 0, 3,
                UUID.randomUUID(), 0, payload));
    }

    /** A message from the service (publication control, channel_closed, ...). */
    byte[] serviceFrame(String messageType, String payload) {
        return FrameCodec.encodeToArray(new ClientMessage(messageType, 1, WALL_CLOCK_MILLIS, 0, 0,
                UUID.randomUUID(), 0, payload.getBytes(StandardCharsets.UTF_8)));
    }

    void receive(byte[] frame) {
        channel.onFrame(frame);
    }

    /** Lets {@code millis} of simulated time pass, firing the timer at every deadline on the way. */
    void runFor(long millis) {
        long end = ticker.nanoTime() + millis * 1_000_000L;
        for (int firings = 0; ; firings++) {
            if (firings > 1_000_000) {
                throw new AssertionError("the engine keeps reporting a deadline it does not consume");
            }
            OptionalLong deadline = channel.nextDeadlineNanos();
            if (deadline.isEmpty() || deadline.getAsLong() - end > 0) {
                ticker.set(end);
                return;
            }
            if (deadline.getAsLong() - ticker.nanoTime() > 0) {
                ticker.set(deadline.getAsLong());
            }
            channel.onTimer();
        }
    }

    /** Milliseconds from now until the reported deadline; fails when there is none. */
    long millisUntilDeadline() {
        return (channel.nextDeadlineNanos().orElseThrow() - ticker.nanoTime()) / 1_000_000L;
    }
}
