package dev.warden.protocol.frame;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.DecodeError;
import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.testing.SharedVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every frame of the shared frames.json decodes to its listed fields and re-encodes byte for byte. */
class FrameVectorsTest {

    @TestFactory
    List<DynamicTest> everyGoldenFrameRoundTrips() {
        JsonNode frames = SharedVectors.read("frames.json").get("frames");
        assertThat(frames.size()).isEqualTo(SharedVectors.read("frames.json").get("count").asInt());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : frames) {
            tests.add(DynamicTest.dynamicTest(vector.get("name").asText(), () -> roundTrip(vector)));
        }
        return tests;
    }

    private static void roundTrip(JsonNode vector) {
        byte[] wire = SharedVectors.hex(vector.get("frameHex"));
        JsonNode fields = vector.get("fields");

        Decoding<ClientMessage> decoded = FrameCodec.decode(wire);
        assertThat(decoded.isOk()).as("decoding %s: %s", vector.get("name"), decoded).isTrue();
        ClientMessage message = decoded.value();

        assertThat(message.messageType()).isEqualTo(fields.get("messageType").asText());
        assertThat(message.schemaVersion()).isEqualTo(fields.get("schemaVersion").asInt());
        assertThat(message.createdDate()).isEqualTo(fields.get("createdDate").longValue());
        assertThat(message.sequenceNumber()).isEqualTo(fields.get("sequenceNumber").bigIntegerValue().longValueExact());
        assertThat(message.flags()).isEqualTo(fields.get("flags").bigIntegerValue().longValue());
        assertThat(message.messageId()).isEqualTo(UUID.fromString(fields.get("messageId").asText()));
        assertThat(message.payloadType()).isEqualTo(fields.get("payloadType").asInt());
        assertThat(message.payload()).hasSize(fields.get("payloadLength").asInt());
        assertThat(message.payload()).isEqualTo(SharedVectors.base64(vector.get("payloadBase64")));
        assertThat(HexFormat.of().formatHex(FrameCodec.sha256(message.payload())))
                .isEqualTo(fields.get("payloadDigest").asText());

        assertThat(HexFormat.of().formatHex(FrameCodec.encodeToArray(message)))
                .isEqualTo(vector.get("frameHex").asText());
    }

    /**
     * What this decoder does with each case of frames-invalid.json. Structural defects are refused by the
     * decoder itself (stricter than the official client wherever its vectors call it questionable); inputs
     * that are well-formed frames decode, and the channel engine decides what to do with them (ignore an
     * unknown type, re-ack a duplicate, refuse bad JSON in the payload decoder).
     */
    private static final Map<String, DecodeError.Kind> EXPECTED = new HashMap<>();
    private static final DecodeError.Kind DECODES = null;

    static {
        EXPECTED.put("reference-valid", DECODES);
        EXPECTED.put("empty-message", Kind.TRUNCATED);
        EXPECTED.put("truncated-50", Kind.TRUNCATED);
        EXPECTED.put("truncated-115", Kind.TRUNCATED);
        EXPECTED.put("truncated-116-no-payloadlength", Kind.TRUNCATED);
        EXPECTED.put("truncated-118", Kind.TRUNCATED);
        EXPECTED.put("truncated-inside-payload", Kind.LENGTH_MISMATCH);
        EXPECTED.put("headerlength-too-large", Kind.BAD_HEADER_LENGTH);
        EXPECTED.put("headerlength-plus4", Kind.BAD_HEADER_LENGTH);
        EXPECTED.put("headerlength-minus4", Kind.BAD_HEADER_LENGTH);
        EXPECTED.put("headerlength-minus4-empty-payload", Kind.BAD_HEADER_LENGTH);
        EXPECTED.put("headerlength-zero", Kind.BAD_HEADER_LENGTH);
        EXPECTED.put("payloadlength-too-large", Kind.LENGTH_MISMATCH);
        EXPECTED.put("payloadlength-too-small", Kind.LENGTH_MISMATCH);
        EXPECTED.put("payloadlength-zero-digest-unchecked", Kind.LENGTH_MISMATCH);
        EXPECTED.put("digest-mismatch", Kind.DIGEST_MISMATCH);
        EXPECTED.put("digest-one-bit-off", Kind.DIGEST_MISMATCH);
        EXPECTED.put("empty-payload-zero-digest", Kind.DIGEST_MISMATCH);
        EXPECTED.put("two-frames-concatenated", Kind.LENGTH_MISMATCH);
        EXPECTED.put("trailing-garbage", Kind.LENGTH_MISMATCH);
        EXPECTED.put("createddate-zero", Kind.ZERO_CREATED_DATE);
        EXPECTED.put("messagetype-blank-spaces", Kind.BAD_MESSAGE_TYPE);
        EXPECTED.put("messagetype-blank-nuls", Kind.BAD_MESSAGE_TYPE);
        EXPECTED.put("messagetype-nul-padded", DECODES);
        EXPECTED.put("messagetype-leading-spaces", DECODES);
        EXPECTED.put("messagetype-uppercase", DECODES);
        EXPECTED.put("messagetype-unknown", DECODES);
        EXPECTED.put("payloadtype-unknown-99", DECODES);
        EXPECTED.put("schemaversion-2", DECODES);
        EXPECTED.put("start-publication-unvalidated", DECODES);
        EXPECTED.put("duplicate-seq-below-expected", DECODES);
        EXPECTED.put("out-of-order-seq-above-expected", DECODES);
        EXPECTED.put("negative-sequence-number", Kind.NEGATIVE_SEQUENCE_NUMBER);
        EXPECTED.put("ack-invalid-json", DECODES);
        EXPECTED.put("handshake-request-invalid-json", DECODES);
        EXPECTED.put("channel-closed-invalid-json", DECODES);
    }

    @TestFactory
    List<DynamicTest> invalidFramesGetTheExpectedTypedError() {
        JsonNode cases = SharedVectors.read("frames-invalid.json").get("cases");
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode vector : cases) {
            String name = vector.get("name").asText();
            seen.add(name);
            tests.add(DynamicTest.dynamicTest(name, () -> {
                assertThat(EXPECTED).as("no expectation written for new vector %s", name).containsKey(name);
                Decoding<ClientMessage> decoded = FrameCodec.decode(SharedVectors.hex(vector.get("inputHex")));
                Kind expected = EXPECTED.get(name);
                if (expected == DECODES) {
                    assertThat(decoded.isOk()).as("%s: %s", name, decoded).isTrue();
                } else {
                    assertThat(decoded.isOk()).as("%s must be refused", name).isFalse();
                    assertThat(decoded.error().kind()).isEqualTo(expected);
                    assertThat(decoded.error().detail()).isNotBlank();
                    if (vector.get("category").asText().equals("must-reject")) {
                        assertThat(vector.get("robustDecoder").asText()).containsIgnoringCase("reject");
                    }
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("every expectation names a vector",
                () -> assertThat(seen).containsAll(EXPECTED.keySet())));
        return tests;
    }
}
