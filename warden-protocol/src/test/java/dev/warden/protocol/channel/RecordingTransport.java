package dev.warden.protocol.channel;

import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.payload.Acknowledgement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Keeps every frame written; writability is set by the test. */
final class RecordingTransport implements FrameTransport {

    final List<byte[]> frames = new ArrayList<>();
    boolean writable = true;
    int flushes;
    /** Runs after each write, for tests that answer synchronously. */
    Consumer<byte[]> onWrite = frame -> { };

    @Override
    public void write(byte[] frame) {
        frames.add(frame);
        onWrite.accept(frame);
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void flush() {
        flushes++;
    }

    /** Everything written so far, decoded, then forgets it. */
    List<ClientMessage> drain() {
        List<ClientMessage> messages = decoded();
        frames.clear();
        return messages;
    }

    List<ClientMessage> decoded() {
        return frames.stream().map(frame -> FrameCodec.decode(frame).value()).toList();
    }

    /** Sequence numbers of the stream messages written so far, in write order. */
    List<Long> streamSequenceNumbers() {
        return decoded().stream().filter(m -> !m.messageType().equals(MessageTypes.ACKNOWLEDGE))
                .map(ClientMessage::sequenceNumber).toList();
    }

    /** The sequence numbers acknowledged by the acks written so far, in write order. */
    List<Long> acknowledgedSequenceNumbers() {
        List<Long> acked = new ArrayList<>();
        for (ClientMessage message : decoded()) {
            if (message.messageType().equals(MessageTypes.ACKNOWLEDGE)) {
                acked.add(Acknowledgement.decode(message.payload()).value().acknowledgedSequenceNumber());
            }
        }
        return acked;
    }
}
