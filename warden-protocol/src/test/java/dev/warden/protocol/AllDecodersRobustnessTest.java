package dev.warden.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.crypto.SessionCipher;
import dev.warden.protocol.crypto.SessionDataKey;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.Acknowledgement;
import dev.warden.protocol.payload.AgentSessionState;
import dev.warden.protocol.payload.ChannelClosed;
import dev.warden.protocol.payload.StreamPayloads;
import dev.warden.protocol.smux.SmuxFrame;
import dev.warden.protocol.smux.SmuxFrameDecoder;
import dev.warden.protocol.testing.SharedVectors;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated bytes into every decoder of the library yield a value or a typed {@link DecodeError},
 * never an exception: at least one million inputs in all. Seeds are the golden vectors, so most mutants
 * are nearly valid and reach the deep checks (JSON shape, digest, authentication tag, smux state).
 */
class AllDecodersRobustnessTest {

    private static final int INPUTS_PER_DECODER = 90_000;

    /** Bytes that keep a JSON mutant close to JSON, so that the shape checks get exercised. */
    private static final byte[] JSON_ALPHABET = " {}[]\":,0123456789-.etruflasn\\x".getBytes();

    private final SplittableRandom random = new SplittableRandom(0xDEC0DE);

    @Test
    void everyDecoderAnswersEveryInputWithAValueOrATypedError() {
        Map<String, Function<byte[], Decoding<?>>> decoders = new java.util.LinkedHashMap<>();
        Map<String, List<byte[]>> seeds = new java.util.HashMap<>();

        decoders.put("frame", FrameCodec::decode);
        seeds.put("frame", framesFromVectors());
        // Output, StdErr and the other raw types accept any bytes by definition; the structured ones are tested.
        for (PayloadType type : List.of(PayloadType.SIZE, PayloadType.FLAG, PayloadType.EXIT_CODE,
                PayloadType.HANDSHAKE_REQUEST, PayloadType.HANDSHAKE_RESPONSE, PayloadType.HANDSHAKE_COMPLETE,
                PayloadType.ENC_CHALLENGE_REQUEST, PayloadType.ENC_CHALLENGE_RESPONSE)) {
            decoders.put("payload " + type, bytes -> StreamPayloads.decode(type, bytes));
            seeds.put("payload " + type, payloadsOfType(type));
        }
        decoders.put("acknowledge", Acknowledgement::decode);
        seeds.put("acknowledge", payloadsOfMessageType("acknowledge"));
        decoders.put("channel_closed", ChannelClosed::decode);
        seeds.put("channel_closed", payloadsOfMessageType("channel_closed"));
        decoders.put("agent_session_state", AgentSessionState::decode);
        seeds.put("agent_session_state", List.of(
                "{\"SchemaVersion\":1,\"SessionState\":\"Connected\",\"SessionId\":\"s-1\"}".getBytes()));
        SessionCipher agentCipher = SessionDataKey.of(SharedVectors.hex(
                SharedVectors.read("kms.json").get("dataKeyPlaintextHex"))).forAgent();
        decoders.put("kms decrypt", agentCipher::decrypt);
        seeds.put("kms decrypt", encryptedPayloads());
        decoders.put("smux stream", this::decodeSmuxStream);
        seeds.put("smux stream", smuxStreams());

        Map<DecodeError.Kind, Integer> errorsByKind = new EnumMap<>(DecodeError.Kind.class);
        long total = 0;
        for (Map.Entry<String, Function<byte[], Decoding<?>>> decoder : decoders.entrySet()) {
            List<byte[]> seedList = seeds.get(decoder.getKey());
            int decoded = 0;
            for (int i = 0; i < INPUTS_PER_DECODER; i++) {
                byte[] input = seedList.isEmpty() || i % 5 == 0
                        ? randomBytes()
                        : mutate(seedList.get(random.nextInt(seedList.size())));
                Decoding<?> result = decoder.getValue().apply(input);
                assertThat(result).as("%s returned null", decoder.getKey()).isNotNull();
                if (result.isOk()) {
                    decoded++;
                } else {
                    assertThat(result.error().detail()).isNotBlank();
                    errorsByKind.merge(result.error().kind(), 1, Integer::sum);
                }
                total++;
            }
            if (!seedList.isEmpty()) {
                // The unmutated seeds must decode, or the seeds are not exercising the decoder.
                for (byte[] seed : seedList) {
                    assertThat(decoder.getValue().apply(seed).isOk())
                            .as("seed of %s decodes", decoder.getKey()).isTrue();
                }
            }
            assertThat(decoded).as("inputs of %s decoded", decoder.getKey()).isLessThan(INPUTS_PER_DECODER);
        }
        assertThat(total).isGreaterThanOrEqualTo(1_000_000);
        assertThat(errorsByKind).containsKeys(DecodeError.Kind.TRUNCATED, DecodeError.Kind.LENGTH_MISMATCH,
                DecodeError.Kind.DIGEST_MISMATCH, DecodeError.Kind.BAD_PAYLOAD, DecodeError.Kind.DECRYPTION_FAILED,
                DecodeError.Kind.BAD_VERSION, DecodeError.Kind.BAD_COMMAND);
    }

    /** Feeds a byte stream to a fresh smux decoder in random pieces; the first error or the last frame wins. */
    private Decoding<?> decodeSmuxStream(byte[] stream) {
        ByteBufAllocator allocator = UnpooledByteBufAllocator.DEFAULT;
        SmuxFrameDecoder decoder = new SmuxFrameDecoder(1, 32768, allocator);
        try {
            Decoding<?> last = Decoding.ok(Boolean.TRUE);
            int offset = 0;
            while (offset < stream.length) {
                int piece = Math.min(stream.length - offset, 1 + random.nextInt(16));
                decoder.feed(Unpooled.wrappedBuffer(stream, offset, piece));
                offset += piece;
                for (Decoding<SmuxFrame> frame = decoder.poll(); frame != null; frame = decoder.poll()) {
                    if (!frame.isOk()) {
                        return frame;
                    }
                    frame.value().release();
                    last = Decoding.ok(Boolean.TRUE);
                }
            }
            return last;
        } finally {
            decoder.close();
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(0, 300)];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] mutate(byte[] seed) {
        byte[] bytes;
        switch (random.nextInt(6)) {
            case 0 -> {
                bytes = seed.clone();
                if (bytes.length > 0) {
                    int bit = random.nextInt(bytes.length * 8);
                    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
                }
            }
            case 1 -> {
                bytes = seed.clone();
                for (int k = random.nextInt(1, 4); k > 0 && bytes.length > 0; k--) {
                    bytes[random.nextInt(bytes.length)] = JSON_ALPHABET[random.nextInt(JSON_ALPHABET.length)];
                }
            }
            case 2 -> bytes = Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            case 3 -> bytes = Arrays.copyOf(seed, seed.length + random.nextInt(1, 40));
            case 4 -> {
                // Splice: the head of the seed with its own tail repeated, which breaks nesting and lengths.
                int cut = seed.length == 0 ? 0 : random.nextInt(seed.length);
                byte[] head = Arrays.copyOf(seed, cut);
                byte[] tail = Arrays.copyOfRange(seed, random.nextInt(cut + 1), seed.length);
                bytes = Arrays.copyOf(head, head.length + tail.length);
                System.arraycopy(tail, 0, bytes, head.length, tail.length);
            }
            default -> {
                bytes = seed.clone();
                if (bytes.length > 1) {
                    int a = random.nextInt(bytes.length);
                    int b = random.nextInt(bytes.length);
                    byte t = bytes[a];
                    bytes[a] = bytes[b];
                    bytes[b] = t;
                }
            }
        }
        return bytes;
    }

    private static List<byte[]> framesFromVectors() {
        List<byte[]> frames = new ArrayList<>();
        for (JsonNode frame : SharedVectors.read("frames.json").get("frames")) {
            frames.add(SharedVectors.hex(frame.get("frameHex")));
        }
        return frames;
    }

    private static List<byte[]> payloadsOfType(PayloadType type) {
        List<byte[]> payloads = new ArrayList<>();
        for (JsonNode frame : SharedVectors.read("frames.json").get("frames")) {
            JsonNode fields = frame.get("fields");
            boolean streamData = fields.get("messageType").asText().endsWith("_stream_data");
            if (streamData && fields.get("payloadType").asInt() == type.code()) {
                payloads.add(SharedVectors.base64(frame.get("payloadBase64")));
            }
        }
        return payloads;
    }

    private static List<byte[]> payloadsOfMessageType(String messageType) {
        List<byte[]> payloads = new ArrayList<>();
        for (JsonNode frame : SharedVectors.read("frames.json").get("frames")) {
            if (frame.get("fields").get("messageType").asText().equals(messageType)) {
                payloads.add(SharedVectors.base64(frame.get("payloadBase64")));
            }
        }
        return payloads;
    }

    /** Agent-side ciphertexts (client encryptions), which the agent cipher must authenticate. */
    private static List<byte[]> encryptedPayloads() {
        List<byte[]> payloads = new ArrayList<>();
        for (JsonNode encryption : SharedVectors.read("kms.json").get("encryptions")) {
            if (encryption.get("direction").asText().equals("client->agent")) {
                payloads.add(SharedVectors.hex(encryption.get("wirePayloadHex")));
            }
        }
        return payloads;
    }

    /** The recorded v1 exchange, each direction as one byte stream. */
    private static List<byte[]> smuxStreams() {
        List<byte[]> streams = new ArrayList<>();
        for (String direction : List.of("client->server", "server->client")) {
            java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
            for (JsonNode frame : SharedVectors.read("smux.json").get("exchangeV1").get("frames")) {
                if (frame.get("direction").asText().equals(direction)) {
                    stream.writeBytes(SharedVectors.hex(frame.get("frameHex")));
                }
            }
            streams.add(stream.toByteArray());
        }
        return streams;
    }
}
