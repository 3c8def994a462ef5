package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.Flags;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.testing.SharedVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AcknowledgementTest {

    private static final JsonNode ACKS = SharedVectors.read("acks.json");

    @TestFactory
    List<DynamicTest> everyGoldenAckDecodesAndReencodesByteForByte() {
        JsonNode acks = ACKS.get("acks");
        assertThat(acks.size()).isEqualTo(ACKS.get("count").asInt());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : acks) {
            tests.add(DynamicTest.dynamicTest(vector.get("name").asText(), () -> roundTrip(vector)));
        }
        return tests;
    }

    private static void roundTrip(JsonNode vector) {
        JsonNode frame = vector.get("frame");
        JsonNode fields = frame.get("fields");
        JsonNode acked = vector.get("ackedMessage");
        byte[] payload = SharedVectors.base64(frame.get("payloadBase64"));
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(vector.get("payloadText").asText());

        Decoding<Acknowledgement> decoded = Acknowledgement.decode(payload);
        assertThat(decoded.isOk()).as("%s", decoded).isTrue();
        Acknowledgement ack = decoded.value();
        assertThat(ack.acknowledgedMessageType()).isEqualTo(acked.get("messageType").asText());
        assertThat(ack.acknowledgedMessageId()).isEqualTo(acked.get("messageId").asText());
        assertThat(ack.acknowledgedSequenceNumber())
                .isEqualTo(acked.get("sequenceNumber").bigIntegerValue().longValueExact());
        assertThat(ack.sequential()).isTrue();
        assertThat(ack.encode()).isEqualTo(payload);

        // The same ack, built from the message it acknowledges, is the same frame given its id and date.
        ClientMessage ackedMessage = ClientMessage.stream(acked.get("messageType").asText(),
                acked.get("sequenceNumber").bigIntegerValue().longValueExact(), 0, PayloadType.OUTPUT,
                new byte[]{1}, 1L, UUID.fromString(acked.get("messageId").asText()));
        ClientMessage built = Acknowledgement.of(ackedMessage)
                .toMessage(UUID.fromString(fields.get("messageId").asText()), fields.get("createdDate").longValue());
        assertThat(HexFormat.of().formatHex(FrameCodec.encodeToArray(built))).isEqualTo(frame.get("frameHex").asText());
    }

    @Test
    void headerOfABuiltAckFollowsTheProtocol() {
        Acknowledgement ack = new Acknowledgement(MessageTypes.OUTPUT_STREAM_DATA,
                "00112233-4455-6677-8899-aabbccddeeff", 7, true);
        long before = System.currentTimeMillis();
        ClientMessage first = ack.toMessage();
        ClientMessage second = ack.toMessage();
        long after = System.currentTimeMillis();

        assertThat(first.messageType()).isEqualTo(MessageTypes.ACKNOWLEDGE);
        assertThat(first.sequenceNumber()).isZero();
        assertThat(first.flags()).isEqualTo(Flags.SYN_FIN).isEqualTo(3L);
        assertThat(first.payloadType()).isEqualTo(PayloadType.NONE.code()).isZero();
        assertThat(first.schemaVersion()).isEqualTo(1);
        assertThat(first.createdDate()).isBetween(before, after);
        assertThat(first.messageId()).isNotEqualTo(second.messageId());
        assertThat(first.messageId().version()).isEqualTo(4);
        assertThat(first.payload()).isEqualTo(ack.encode());
    }

    @Test
    void theWorkedExampleOfTheSpecIsReproduced() {
        // client-protocol.md §3.2: the ack for agent seq 7 with MessageId 00112233-…, 176 payload bytes.
        UUID id = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        ClientMessage acked = ClientMessage.stream(MessageTypes.OUTPUT_STREAM_DATA, 7, 0, PayloadType.OUTPUT,
                new byte[]{1}, 1L, id);
        byte[] frame = FrameCodec.encodeToArray(Acknowledgement.of(acked).toMessage(id, 1700000000123L));

        assertThat(frame).hasSize(296);
        assertThat(HexFormat.of().formatHex(frame, 80, 112))
                .isEqualTo("62d57ca2dfb7aa0eee6a8e12491c3e9feffd166f2b0f36b96eba41866669e854");
        assertThat(new String(frame, 120, 176, StandardCharsets.UTF_8)).isEqualTo(
                "{\"AcknowledgedMessageType\":\"output_stream_data\",\"AcknowledgedMessageId\":"
                        + "\"00112233-4455-6677-8899-aabbccddeeff\",\"AcknowledgedMessageSequenceNumber\":7,"
                        + "\"IsSequentialMessage\":true}");
    }

    @Test
    void ofUsesTheLowerCaseCanonicalId() {
        ClientMessage acked = ClientMessage.stream(MessageTypes.INPUT_STREAM_DATA, 3, 0, PayloadType.OUTPUT,
                new byte[]{1}, 1L, UUID.fromString("AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE"));
        Acknowledgement ack = Acknowledgement.of(acked);

        assertThat(ack).isEqualTo(new Acknowledgement(MessageTypes.INPUT_STREAM_DATA,
                "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", 3, true));
    }

    @Test
    void readingIsLenientAboutEverythingButTheSequenceNumber() {
        // acks.json receiveBehaviour: lower-case keys, extra keys, other key order, ids that are not UUIDs.
        assertThat(decode("{\"acknowledgedmessagetype\":\"input_stream_data\",\"acknowledgedmessageid\":\"x\","
                + "\"acknowledgedmessagesequencenumber\":1,\"issequentialmessage\":true}").value())
                .isEqualTo(new Acknowledgement("input_stream_data", "x", 1, true));
        assertThat(decode("{\"IsSequentialMessage\":true,\"Foo\":1,\"AcknowledgedMessageSequenceNumber\":0,"
                + "\"AcknowledgedMessageId\":\"x\",\"AcknowledgedMessageType\":\"input_stream_data\"}").value())
                .isEqualTo(new Acknowledgement("input_stream_data", "x", 0, true));
        assertThat(decode("{\"AcknowledgedMessageType\":\"bogus\",\"AcknowledgedMessageId\":\"not-a-uuid\","
                + "\"AcknowledgedMessageSequenceNumber\":0,\"IsSequentialMessage\":false}").value())
                .isEqualTo(new Acknowledgement("bogus", "not-a-uuid", 0, false));
        assertThat(decode("{\"AcknowledgedMessageSequenceNumber\":5}").value())
                .isEqualTo(new Acknowledgement("", "", 5, false));
        assertThat(decode("{\"AcknowledgedMessageSequenceNumber\":9223372036854775807}").value()
                .acknowledgedSequenceNumber()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"AcknowledgedMessageType\":\"input_stream_data\",\"AcknowledgedMessageId\":\"x\",\"IsSequentialMessage\":true}",
            "{\"AcknowledgedMessageSequenceNumber\":\"1\"}",
            "{\"AcknowledgedMessageSequenceNumber\":null}",
            "{\"AcknowledgedMessageSequenceNumber\":1.5}",
            "{\"AcknowledgedMessageSequenceNumber\":true}",
            "{\"AcknowledgedMessageSequenceNumber\":9223372036854775808}",
            "{\"AcknowledgedMessageSequenceNumber\":[1]}",
            "{\"AcknowledgedMessageSequenceNumber\":1",
            "[]",
            "null",
            "",
            "not json"})
    void aPayloadWithoutAUsableSequenceNumberIsABadPayload(String json) {
        Decoding<Acknowledgement> decoded = decode(json);

        assertThat(decoded.isOk()).as("%s", decoded).isFalse();
        assertThat(decoded.error().kind()).isEqualTo(Kind.BAD_PAYLOAD);
    }

    @Test
    void decodeErrorsNeverQuoteThePayload() {
        Decoding<Acknowledgement> decoded = decode("{\"AcknowledgedMessageSequenceNumber\":\"SECRET-TOKEN\"}");

        assertThat(decoded.error().detail()).doesNotContain("SECRET");
    }

    private static Decoding<Acknowledgement> decode(String json) {
        return Acknowledgement.decode(json.getBytes(StandardCharsets.UTF_8));
    }
}
