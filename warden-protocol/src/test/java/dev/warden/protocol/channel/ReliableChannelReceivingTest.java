package dev.warden.protocol.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.Acknowledgement;
import dev.warden.protocol.testing.SharedVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** In-order delivery, acknowledgement of received stream messages, the reorder buffer, readiness. */
class ReliableChannelReceivingTest {

    @Test
    void theExpectedMessageIsProcessedFirstThenAcknowledged() {
        ChannelFixture f = ChannelFixture.client();
        List<Integer> framesWrittenAtDelivery = new ArrayList<>();
        f.listener.answer = message -> {
            framesWrittenAtDelivery.add(f.transport.frames.size());
            return Delivery.ACCEPTED;
        };
        ClientMessage sent = f.peerMessage(0, "hello");

        f.receive(FrameCodec.encodeToArray(sent));

        assertThat(framesWrittenAtDelivery).containsExactly(0);
        assertThat(f.listener.delivered).containsExactly(sent);
        List<ClientMessage> written = f.transport.drain();
        assertThat(written).hasSize(1);
        assertThat(Acknowledgement.decode(written.get(0).payload()).value()).isEqualTo(new Acknowledgement(
                MessageTypes.OUTPUT_STREAM_DATA, sent.messageId().toString(), 0, true));
        assertThat(f.channel.expectedSequenceNumber()).isEqualTo(1);
    }

    @Test
    void aMessageTheListenerIsNotReadyForIsNeitherAcknowledgedNorCounted() {
        ChannelFixture f = ChannelFixture.client();
        f.listener.answer = message -> Delivery.NOT_READY;
        byte[] frame = f.peerData(0, "early");

        f.receive(frame);

        assertThat(f.transport.frames).isEmpty();
        assertThat(f.channel.expectedSequenceNumber()).isZero();
        assertThat(f.channel.stats().notReadyRefusals()).isEqualTo(1);

        // The peer retransmits; now the listener is ready.
        f.listener.answer = message -> Delivery.ACCEPTED;
        f.receive(frame);

        assertThat(f.listener.deliveredTexts()).containsExactly("early");
        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(0L);
        assertThat(f.channel.expectedSequenceNumber()).isEqualTo(1);
    }

    @Test
    void aRefusedMessageIsDeliveredAndAcknowledgedWhenTheListenerIsReadyWithoutARetransmission() {
        // Waiting for the peer's retransmission costs its timeout (200 ms or more) every time back-pressure lets go.
        ChannelFixture f = ChannelFixture.client();
        f.listener.answer = message -> Delivery.NOT_READY;
        f.receive(f.peerData(0, "a"));
        f.receive(f.peerData(1, "b"));
        assertThat(f.transport.acknowledgedSequenceNumbers()).as("only the buffered one").containsExactly(1L);

        f.listener.answer = message -> Delivery.ACCEPTED;
        f.channel.readyToReceive();

        assertThat(f.listener.deliveredTexts()).containsExactly("a", "b");
        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(1L, 0L);
        assertThat(f.channel.expectedSequenceNumber()).isEqualTo(2);
    }

    @Test
    void aRefusedMessageRefusedAgainStaysUnacknowledgedAndItsRetransmissionIsDeliveredOnce() {
        ChannelFixture f = ChannelFixture.client();
        f.listener.answer = message -> Delivery.NOT_READY;
        byte[] frame = f.peerData(0, "a");
        f.receive(frame);

        f.channel.readyToReceive();
        assertThat(f.transport.frames).isEmpty();
        assertThat(f.channel.stats().notReadyRefusals()).isEqualTo(2);

        f.listener.answer = message -> Delivery.ACCEPTED;
        f.receive(frame);
        f.channel.readyToReceive();

        assertThat(f.listener.deliveredTexts()).containsExactly("a");
        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(0L);
    }

    @Test
    void messagesAheadOfTheExpectedOneAreAcknowledgedBufferedAndDeliveredInOrderOnce() {
        ChannelFixture f = ChannelFixture.client();

        f.receive(f.peerData(2, "c"));
        f.receive(f.peerData(1, "b"));
        assertThat(f.listener.delivered).isEmpty();
        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(2L, 1L);
        assertThat(f.channel.stats().reorderBuffered()).isEqualTo(2);

        f.receive(f.peerData(0, "a"));

        assertThat(f.listener.deliveredTexts()).containsExactly("a", "b", "c");
        assertThat(f.transport.acknowledgedSequenceNumbers()).as("buffered ones are not acknowledged twice")
                .containsExactly(2L, 1L, 0L);
        assertThat(f.channel.expectedSequenceNumber()).isEqualTo(3);
        assertThat(f.channel.stats().reorderBuffered()).isZero();
        assertThat(f.channel.stats().outOfOrderBuffered()).isEqualTo(2);
    }

    @Test
    void aDuplicateIsAcknowledgedAgainButNotDelivered() {
        ChannelFixture f = ChannelFixture.client();
        byte[] first = f.peerData(0, "a");
        f.receive(first);

        f.receive(first);

        assertThat(f.listener.deliveredTexts()).containsExactly("a");
        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(0L, 0L);
        assertThat(f.channel.stats().duplicatesReceived()).isEqualTo(1);
    }

    @Test
    void aDuplicateOfABufferedMessageIsAcknowledgedAgainAndKeptOnce() {
        ChannelFixture f = ChannelFixture.client();
        byte[] ahead = f.peerData(1, "b");

        f.receive(ahead);
        f.receive(ahead);
        f.receive(f.peerData(0, "a"));

        assertThat(f.listener.deliveredTexts()).containsExactly("a", "b");
        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(1L, 1L, 0L);
        assertThat(f.channel.stats().duplicatesReceived()).isEqualTo(1);
    }

    @Test
    void aMessageTooFarAheadIsDroppedWithoutAcknowledgement() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT, b -> b.reorderBufferMessages(3));

        f.receive(f.peerData(3, "d"));
        f.receive(f.peerData(4, "too far"));

        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(3L);
        assertThat(f.channel.stats().outOfOrderDropped()).isEqualTo(1);
        assertThat(f.channel.stats().reorderBuffered()).isEqualTo(1);
    }

    @Test
    void aStalledExpectedMessageCountsAgainstTheReorderBuffer() {
        // Found by the property test: the buffered copy of the expected message plus a full range ahead of it
        // would be one more message than the capacity.
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT, b -> b.reorderBufferMessages(2));
        f.receive(f.peerData(1, "b"));
        f.receive(f.peerData(2, "c"));
        f.listener.answer = message -> message.sequenceNumber() == 0 ? Delivery.ACCEPTED : Delivery.NOT_READY;
        f.receive(f.peerData(0, "a"));
        assertThat(f.channel.expectedSequenceNumber()).isEqualTo(1);

        f.receive(f.peerData(3, "d"));

        assertThat(f.channel.stats().reorderBuffered()).isEqualTo(2);
        assertThat(f.channel.stats().outOfOrderDropped()).isEqualTo(1);
        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(1L, 2L, 0L);
    }

    @Test
    void theReorderBufferAlsoHoldsOnlySoManyBytes() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT, b -> b.reorderBufferBytes(5));

        f.receive(f.peerData(1, "abc"));
        f.receive(f.peerData(2, "def"));
        f.receive(f.peerData(3, "gh"));

        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(1L, 3L);
        assertThat(f.channel.stats().outOfOrderDropped()).isEqualTo(1);
    }

    @Test
    void bufferedMessagesSurviveAListenerThatIsNotReadyAndComeOutWhenItIs() {
        ChannelFixture f = ChannelFixture.client();
        f.receive(f.peerData(1, "b"));
        f.receive(f.peerData(2, "c"));
        // "a" is accepted, then the listener stalls: "b" and "c" were acked long ago and exist nowhere else.
        f.listener.answer = message -> message.sequenceNumber() == 0 ? Delivery.ACCEPTED : Delivery.NOT_READY;

        f.receive(f.peerData(0, "a"));

        assertThat(f.listener.deliveredTexts()).containsExactly("a");
        assertThat(f.channel.expectedSequenceNumber()).isEqualTo(1);
        assertThat(f.channel.stats().reorderBuffered()).isEqualTo(2);

        f.listener.answer = message -> Delivery.ACCEPTED;
        f.channel.readyToReceive();

        assertThat(f.listener.deliveredTexts()).containsExactly("a", "b", "c");
        assertThat(f.channel.expectedSequenceNumber()).isEqualTo(3);
        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(1L, 2L, 0L);
    }

    @Test
    void aRetransmittedCopyOfABufferedMessageIsDeliveredOnlyOnce() {
        ChannelFixture f = ChannelFixture.client();
        byte[] b = f.peerData(1, "b");
        f.receive(b);
        f.listener.answer = message -> message.sequenceNumber() == 0 ? Delivery.ACCEPTED : Delivery.NOT_READY;
        f.receive(f.peerData(0, "a"));
        f.listener.answer = message -> Delivery.ACCEPTED;

        f.receive(b); // the peer lost our ack of "b" and sends it again while it waits in the buffer
        f.channel.readyToReceive();

        assertThat(f.listener.deliveredTexts()).containsExactly("a", "b");
        assertThat(f.channel.stats().reorderBuffered()).isZero();
        assertThat(f.channel.expectedSequenceNumber()).isEqualTo(2);
    }

    @Test
    void readinessSignalledFromInsideADeliveryDoesNotDeliverTwice() {
        ChannelFixture f = ChannelFixture.client();
        f.receive(f.peerData(1, "b"));
        f.listener.answer = message -> {
            f.channel.readyToReceive();
            return Delivery.ACCEPTED;
        };

        f.receive(f.peerData(0, "a"));

        assertThat(f.listener.deliveredTexts()).containsExactly("a", "b");
    }

    @Test
    void readyToReceiveWithNothingBufferedDoesNothing() {
        ChannelFixture f = ChannelFixture.client();

        f.channel.readyToReceive();

        assertThat(f.listener.delivered).isEmpty();
        assertThat(f.transport.frames).isEmpty();
    }

    @Test
    void onlyTheIncomingStreamTypeIsDelivered() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.AGENT, b -> b);

        f.receive(f.peerData(0, "input"));

        assertThat(f.listener.delivered).extracting(ClientMessage::messageType)
                .containsExactly(MessageTypes.INPUT_STREAM_DATA);
        assertThat(Acknowledgement.decode(f.transport.drain().get(0).payload()).value().acknowledgedMessageType())
                .isEqualTo(MessageTypes.INPUT_STREAM_DATA);
    }

    @Test
    void serviceMessagesArePassedOnAsTheyAreAndNeverAcknowledged() {
        ChannelFixture f = ChannelFixture.client();
        byte[] closed = f.serviceFrame(MessageTypes.CHANNEL_CLOSED, "{\"Output\":\"\"}");
        byte[] state = f.serviceFrame(MessageTypes.AGENT_SESSION_STATE, "{\"SessionState\":\"Connected\"}");
        byte[] unknown = f.serviceFrame("something_new", "x");
        byte[] wrongDirection = FrameCodec.encodeToArray(ClientMessage.stream(MessageTypes.INPUT_STREAM_DATA, 0, 0,
                PayloadType.OUTPUT, new byte[]{1}, 1L, UUID.randomUUID()));

        for (byte[] frame : List.of(closed, state, unknown, wrongDirection)) {
            f.receive(frame);
        }

        assertThat(f.listener.serviceMessages).extracting(ClientMessage::messageType).containsExactly(
                MessageTypes.CHANNEL_CLOSED, MessageTypes.AGENT_SESSION_STATE, "something_new",
                MessageTypes.INPUT_STREAM_DATA);
        assertThat(f.listener.serviceMessages.get(0)).isEqualTo(FrameCodec.decode(closed).value());
        assertThat(f.transport.frames).isEmpty();
        assertThat(f.listener.delivered).isEmpty();
    }

    @Test
    void aCallbackThatFeedsTheEngineSynchronouslyIsHandledInArrivalOrder() {
        ChannelFixture f = ChannelFixture.client();
        byte[] second = f.peerData(1, "b");
        f.listener.answer = message -> {
            if (message.sequenceNumber() == 0) {
                f.receive(second); // e.g. an in-memory loopback answering inside the callback
                assertThat(f.listener.delivered).as("not delivered inside the first delivery").isEmpty();
            }
            return Delivery.ACCEPTED;
        };

        f.receive(f.peerData(0, "a"));

        assertThat(f.listener.deliveredTexts()).containsExactly("a", "b");
        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(0L, 1L);
    }

    @Test
    void aListenerExceptionLeavesTheMessageUnacknowledgedAndTheEngineUsable() {
        ChannelFixture f = ChannelFixture.client();
        byte[] frame = f.peerData(0, "a");
        f.listener.answer = message -> {
            throw new IllegalStateException("handler bug");
        };

        assertThatThrownBy(() -> f.receive(frame)).isInstanceOf(IllegalStateException.class);
        assertThat(f.transport.frames).isEmpty();

        f.listener.answer = message -> Delivery.ACCEPTED;
        f.receive(frame);

        assertThat(f.listener.deliveredTexts()).containsExactly("a");
        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(0L);
    }

    @Test
    void garbageNeverThrowsAndIsNeverAcknowledged() {
        ChannelFixture f = ChannelFixture.client();
        byte[] valid = f.peerData(0, "hello");
        Random random = new Random(42);

        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(300)];
                random.nextBytes(input);
            } else {
                input = valid.clone();
                // Corrupt the digest or the payload, so that the frame cannot decode.
                int at = FrameCodec.HEADER_LENGTH - 36 + random.nextInt(32);
                if (random.nextBoolean()) {
                    at = FrameCodec.FIXED_LENGTH + random.nextInt(5);
                }
                input[at] ^= (byte) (1 + random.nextInt(255));
            }
            f.receive(input);
        }

        assertThat(f.transport.frames).isEmpty();
        assertThat(f.listener.delivered).isEmpty();
        assertThat(f.channel.stats().invalidFrames()).isEqualTo(20_000);
        assertThat(f.listener.invalid).hasSize(20_000);
    }

    // -------------------------------------------------------------------------------------------------------
    // frames-invalid.json through the whole engine

    private enum Outcome { DELIVERED_THEN_ACKED, ACKED_AGAIN, ACKED_AND_BUFFERED, SERVICE_MESSAGE, IGNORED, INVALID }

    private static final Map<String, Outcome> DECODABLE = new HashMap<>();

    static {
        DECODABLE.put("reference-valid", Outcome.DELIVERED_THEN_ACKED);
        DECODABLE.put("messagetype-nul-padded", Outcome.DELIVERED_THEN_ACKED);
        DECODABLE.put("messagetype-leading-spaces", Outcome.DELIVERED_THEN_ACKED);
        DECODABLE.put("schemaversion-2", Outcome.DELIVERED_THEN_ACKED);
        // The engine does not judge payload types; the listener (session layer) does.
        DECODABLE.put("payloadtype-unknown-99", Outcome.DELIVERED_THEN_ACKED);
        // Processed before it is acknowledged (the plugin acks first, then fails to parse).
        DECODABLE.put("handshake-request-invalid-json", Outcome.DELIVERED_THEN_ACKED);
        DECODABLE.put("messagetype-uppercase", Outcome.SERVICE_MESSAGE);
        DECODABLE.put("messagetype-unknown", Outcome.SERVICE_MESSAGE);
        DECODABLE.put("channel-closed-invalid-json", Outcome.SERVICE_MESSAGE);
        DECODABLE.put("start-publication-unvalidated", Outcome.IGNORED);
        DECODABLE.put("duplicate-seq-below-expected", Outcome.ACKED_AGAIN);
        DECODABLE.put("out-of-order-seq-above-expected", Outcome.ACKED_AND_BUFFERED);
        DECODABLE.put("ack-invalid-json", Outcome.INVALID);
    }

    @TestFactory
    List<DynamicTest> everyInvalidFrameVectorHasTheRobustOutcome() {
        JsonNode vectors = SharedVectors.read("frames-invalid.json");
        byte[] referenceValid = null;
        for (JsonNode vector : vectors.get("cases")) {
            if (vector.get("name").asText().equals("reference-valid")) {
                referenceValid = SharedVectors.hex(vector.get("inputHex"));
            }
        }
        byte[] sequenceZero = referenceValid;
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode vector : vectors.get("cases")) {
            String name = vector.get("name").asText();
            seen.add(name);
            tests.add(DynamicTest.dynamicTest(name, () -> checkInvalidFrameVector(vector, sequenceZero)));
        }
        tests.add(DynamicTest.dynamicTest("every expectation names a vector",
                () -> assertThat(seen).containsAll(DECODABLE.keySet())));
        return tests;
    }

    private static void checkInvalidFrameVector(JsonNode vector, byte[] sequenceZero) {
        String name = vector.get("name").asText();
        byte[] input = SharedVectors.hex(vector.get("inputHex"));
        ChannelFixture f = ChannelFixture.client();
        long expectedBefore = vector.get("expectedSequenceNumberBefore").asLong();
        if (expectedBefore == 1) {
            f.receive(sequenceZero);
            f.transport.frames.clear();
            f.listener.delivered.clear();
        }
        assertThat(f.channel.expectedSequenceNumber()).isEqualTo(expectedBefore);
        Outcome outcome = FrameCodec.decode(input).isOk() ? DECODABLE.get(name) : Outcome.INVALID;
        assertThat(outcome).as("no expectation written for decodable vector %s", name).isNotNull();

        f.receive(input);

        long seq = outcome == Outcome.INVALID ? -1 : FrameCodec.decode(input).value().sequenceNumber();
        switch (outcome) {
            case DELIVERED_THEN_ACKED -> {
                assertThat(f.listener.delivered).hasSize(1);
                assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(seq);
                assertThat(f.channel.expectedSequenceNumber()).isEqualTo(expectedBefore + 1);
            }
            case ACKED_AGAIN -> {
                assertThat(f.listener.delivered).isEmpty();
                assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(seq);
                assertThat(f.channel.expectedSequenceNumber()).isEqualTo(expectedBefore);
            }
            case ACKED_AND_BUFFERED -> {
                assertThat(f.listener.delivered).isEmpty();
                assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(seq);
                assertThat(f.channel.stats().reorderBuffered()).isEqualTo(1);
                assertThat(f.channel.expectedSequenceNumber()).isEqualTo(expectedBefore);
            }
            case SERVICE_MESSAGE -> {
                assertThat(f.listener.serviceMessages).hasSize(1);
                assertThat(f.transport.frames).isEmpty();
            }
            case IGNORED -> {
                assertThat(f.listener.serviceMessages).isEmpty();
                assertThat(f.listener.delivered).isEmpty();
                assertThat(f.transport.frames).isEmpty();
            }
            case INVALID -> {
                assertThat(f.listener.invalid).hasSize(1);
                assertThat(f.listener.delivered).isEmpty();
                assertThat(f.transport.frames).isEmpty();
                assertThat(f.channel.expectedSequenceNumber()).isEqualTo(expectedBefore);
                if (name.equals("ack-invalid-json")) {
                    assertThat(f.listener.invalid.get(0).kind()).isEqualTo(Kind.BAD_PAYLOAD);
                }
            }
        }
    }
}
