package dev.warden.client.testing;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.payload.Acknowledgement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the client's binary frames from a scripted peer connection and finds the one a transcript expects next.
 * Frames the transcript does not list are tolerated only when they are harmless repetitions: a retransmission
 * (identical bytes to a data message already seen) or a repeated acknowledgement of an agent message already
 * acknowledged (the client re-acknowledges duplicates, unlike the plugin). Anything else fails the test. The
 * history is shared across the connections of one session, since a resume carries the sequence numbers over.
 */
public final class ClientFrames {

    private final Map<Long, byte[]> firstDataFrames = new HashMap<>();
    private final Set<Long> acknowledged = new HashSet<>();
    private final List<String> tolerated = new ArrayList<>();

    /** What the client sent besides the expected frames, for assertions. */
    public List<String> tolerated() {
        return tolerated;
    }

    /** The first frame the client sent for data message {@code sequenceNumber}. */
    public byte[] firstDataFrame(long sequenceNumber) {
        return firstDataFrames.get(sequenceNumber);
    }

    /** Waits for the client's data message {@code sequenceNumber} on {@code connection}. */
    public ClientMessage expectData(ScriptedDataChannelServer.PeerConnection connection, long sequenceNumber,
                                    Duration timeout) throws InterruptedException {
        return expect(connection, MessageTypes.INPUT_STREAM_DATA, sequenceNumber, timeout);
    }

    /** Waits for the client's acknowledgement of agent message {@code sequenceNumber} on {@code connection}. */
    public ClientMessage expectAck(ScriptedDataChannelServer.PeerConnection connection, long sequenceNumber,
                                   Duration timeout) throws InterruptedException {
        return expect(connection, MessageTypes.ACKNOWLEDGE, sequenceNumber, timeout);
    }

    private ClientMessage expect(ScriptedDataChannelServer.PeerConnection connection, String type, long number,
                                 Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            byte[] frame = left <= 0 ? null : connection.nextBinary(Duration.ofNanos(left));
            if (frame == null) {
                throw new AssertionError("the client did not send " + type + " " + number + " within " + timeout);
            }
            Decoding<ClientMessage> decoded = FrameCodec.decode(frame);
            if (!decoded.isOk()) {
                throw new AssertionError("the client sent a malformed frame: " + decoded.error());
            }
            ClientMessage message = decoded.value();
            if (MessageTypes.ACKNOWLEDGE.equals(message.messageType())) {
                Decoding<Acknowledgement> ack = Acknowledgement.decode(message.payload());
                if (!ack.isOk()) {
                    throw new AssertionError("malformed acknowledgement: " + ack.error());
                }
                long acked = ack.value().acknowledgedSequenceNumber();
                if (type.equals(MessageTypes.ACKNOWLEDGE) && acked == number && !acknowledged.contains(acked)) {
                    acknowledged.add(acked);
                    return message;
                }
                if (acknowledged.contains(acked)) {
                    tolerated.add("re-ack " + acked);
                    continue;
                }
                throw new AssertionError("expected " + type + " " + number + ", the client acknowledged " + acked);
            }
            if (MessageTypes.INPUT_STREAM_DATA.equals(message.messageType())) {
                long seq = message.sequenceNumber();
                byte[] first = firstDataFrames.get(seq);
                if (first == null && type.equals(MessageTypes.INPUT_STREAM_DATA) && seq == number) {
                    firstDataFrames.put(seq, frame);
                    return message;
                }
                if (first != null) {
                    if (!Arrays.equals(first, frame)) {
                        throw new AssertionError("the retransmission of " + seq + " differs from the original");
                    }
                    if (type.equals(MessageTypes.INPUT_STREAM_DATA) && seq == number) {
                        return message; // expected again (after a resume)
                    }
                    tolerated.add("retransmission " + seq);
                    continue;
                }
                throw new AssertionError("expected " + type + " " + number + ", the client sent data " + seq);
            }
            throw new AssertionError("unexpected " + message.messageType() + " from the client");
        }
    }
}
