package dev.warden.protocol.mux;

import dev.warden.protocol.channel.ChannelConfig;
import dev.warden.protocol.channel.ChannelListener;
import dev.warden.protocol.channel.ChannelRole;
import dev.warden.protocol.channel.FrameTransport;
import dev.warden.protocol.channel.ReliableChannel;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.Acknowledgement;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One engine with a recording transport, a hand-moved clock and an event loop whose tasks run only when the test
 * says so, and an owner listener that routes Output payloads to the code under test. Plays the peer too: its stream
 * messages and its acknowledgements.
 */
final class ChannelHarness implements ChannelListener, FrameTransport {

    private static final long WALL_CLOCK = 1_700_000_000_000L;

    final ReliableChannel channel;
    final ChannelRole role;
    /** The owner's event loop: tasks wait here until {@link #runTasks()}. */
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    /** Every frame the engine wrote, decoded, in write order. */
    final List<ClientMessage> written = new ArrayList<>();
    Function<byte[], Delivery> onOutput = payload -> {
        throw new AssertionError("no Output route");
    };
    Runnable onWritable = () -> { };
    long nowNanos;
    private long ids;

    ChannelHarness(ChannelRole role) {
        this(role, b -> b);
    }

    ChannelHarness(ChannelRole role, UnaryOperator<ChannelConfig.Builder> configure) {
        this.role = role;
        this.channel = new ReliableChannel(role, configure.apply(ChannelConfig.builder()
                .ticker(() -> nowNanos)
                .wallClockMillis(() -> WALL_CLOCK)
                .messageIds(() -> new UUID(1, ++ids))).build(), this);
        channel.attach(this);
    }

    // ----- the engine's transport

    @Override
    public void write(byte[] frame) {
        written.add(FrameCodec.decode(frame).value());
    }

    // ----- the owner's listener

    @Override
    public Delivery onStreamMessage(ClientMessage message) {
        if (message.payloadType() != PayloadType.OUTPUT.code()) {
            throw new AssertionError("unexpected payload type " + message.payloadType());
        }
        return onOutput.apply(message.payload());
    }

    @Override
    public void onWritable() {
        onWritable.run();
    }

    // ----- what the engine sent

    /** The Output payloads of the stream messages written, first transmissions only, in sequence order. */
    List<byte[]> outputPayloads() {
        List<byte[]> payloads = new ArrayList<>();
        long next = 0;
        for (ClientMessage message : written) {
            if (message.messageType().equals(role.outgoingMessageType()) && message.sequenceNumber() == next) {
                if (message.payloadType() != PayloadType.OUTPUT.code()) {
                    throw new AssertionError("payload type " + message.payloadType());
                }
                payloads.add(message.payload());
                next++;
            }
        }
        return payloads;
    }

    List<Integer> outputPayloadSizes() {
        return outputPayloads().stream().map(p -> p.length).toList();
    }

    byte[] outputBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        outputPayloads().forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** The sequence numbers this end acknowledged, in write order. */
    List<Long> acknowledged() {
        List<Long> acked = new ArrayList<>();
        for (ClientMessage message : written) {
            if (message.messageType().equals(MessageTypes.ACKNOWLEDGE)) {
                acked.add(Acknowledgement.decode(message.payload()).value().acknowledgedSequenceNumber());
            }
        }
        return acked;
    }

    // ----- the peer

    /** The peer's stream message {@code sequenceNumber} with an Output payload arrives. */
    void receiveOutput(long sequenceNumber, byte[] payload) {
        channel.onFrame(FrameCodec.encodeToArray(ClientMessage.stream(role.incomingMessageType(), sequenceNumber, 0,
                PayloadType.OUTPUT, payload, WALL_CLOCK, new UUID(2, sequenceNumber))));
    }

    /** The peer acknowledges every stream message written so far. */
    void acknowledgeEverything() {
        for (ClientMessage message : List.copyOf(written)) {
            if (message.messageType().equals(role.outgoingMessageType())) {
                channel.onFrame(FrameCodec.encodeToArray(
                        Acknowledgement.of(message).toMessage(new UUID(3, ++ids), WALL_CLOCK)));
            }
        }
    }

    void runTasks() {
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
        }
    }
}
