package dev.warden.protocol.channel;

import dev.warden.protocol.DecodeError;
import dev.warden.protocol.frame.ClientMessage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Records every callback; answers deliveries with {@link #answer}. */
final class RecordingListener implements ChannelListener {

    final List<ClientMessage> delivered = new ArrayList<>();
    final List<ClientMessage> refused = new ArrayList<>();
    final List<ClientMessage> serviceMessages = new ArrayList<>();
    final List<DecodeError> invalid = new ArrayList<>();
    final List<Long> gaveUpOn = new ArrayList<>();
    final List<Duration> gaveUpAfter = new ArrayList<>();
    int writableCalls;
    Function<ClientMessage, Delivery> answer = message -> Delivery.ACCEPTED;
    Runnable whenWritable = () -> { };

    @Override
    public Delivery onStreamMessage(ClientMessage message) {
        Delivery delivery = answer.apply(message);
        (delivery == Delivery.ACCEPTED ? delivered : refused).add(message);
        return delivery;
    }

    @Override
    public void onServiceMessage(ClientMessage message) {
        serviceMessages.add(message);
    }

    @Override
    public void onWritable() {
        writableCalls++;
        whenWritable.run();
    }

    @Override
    public void onInvalidFrame(DecodeError error) {
        invalid.add(error);
    }

    @Override
    public void onGiveUp(long sequenceNumber, Duration unacknowledgedFor) {
        gaveUpOn.add(sequenceNumber);
        gaveUpAfter.add(unacknowledgedFor);
    }

    List<Long> deliveredSequenceNumbers() {
        return delivered.stream().map(ClientMessage::sequenceNumber).toList();
    }

    List<String> deliveredTexts() {
        return delivered.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
    }
}
