package dev.warden.protocol.frame;

import dev.warden.protocol.Decoding;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated bytes yield a decoded frame or a typed error, never an exception. The mutations start
 * from valid frames so that most inputs get past the length checks and exercise the deeper ones.
 */
class FrameDecoderRobustnessTest {

    private static final int INPUTS = 1_000_000;

    @Test
    void aMillionRandomAndMutatedInputsNeverThrow() {
        SplittableRandom random = new SplittableRandom(0x5EED);
        byte[][] seeds = seedFrames(random);
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = (i % 4 == 0) ? randomBytes(random) : mutate(seeds[random.nextInt(seeds.length)], random);
            Decoding<ClientMessage> result = FrameCodec.decode(input);
            if (result.isOk()) {
                decoded++;
                // Whatever decodes must be a frame this codec would write again byte for byte.
                assertThat(FrameCodec.encodeToArray(result.value())).hasSize(input.length);
            } else {
                refused++;
                assertThat(result.error().detail()).isNotEmpty();
            }
        }
        assertThat(decoded + refused).isEqualTo(INPUTS);
        // Both outcomes must be exercised, or the mutation strategy is not testing anything.
        assertThat(decoded).isPositive();
        assertThat(refused).isPositive();
    }

    private static byte[][] seedFrames(SplittableRandom random) {
        byte[][] seeds = new byte[16][];
        for (int i = 0; i < seeds.length; i++) {
            byte[] payload = new byte[random.nextInt(0, 300)];
            random.nextBytes(payload);
            ClientMessage message = ClientMessage.stream(
                    i % 2 == 0 ? MessageTypes.INPUT_STREAM_DATA : MessageTypes.OUTPUT_STREAM_DATA,
                    random.nextLong(0, Long.MAX_VALUE), 0, PayloadType.OUTPUT, payload,
                    1_700_000_000_000L + i, new UUID(random.nextLong(), random.nextLong()));
            seeds[i] = FrameCodec.encodeToArray(message);
        }
        return seeds;
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(0, 400)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Flips, overwrites, truncates or extends a valid frame, with the payload tail kept so digests matter. */
    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] bytes;
        switch (random.nextInt(5)) {
            case 0 -> {
                bytes = seed.clone();
                int bit = random.nextInt(bytes.length * 8);
                bytes[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            case 1 -> {
                bytes = seed.clone();
                for (int k = random.nextInt(1, 5); k > 0; k--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> bytes = java.util.Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            case 3 -> {
                bytes = java.util.Arrays.copyOf(seed, seed.length + random.nextInt(1, 64));
            }
            default -> {
                // Keep the structure, change only the header field an attacker controls most: lengths.
                bytes = seed.clone();
                int offset = random.nextBoolean() ? 0 : FrameCodec.HEADER_LENGTH;
                int value = random.nextInt();
                bytes[offset] = (byte) (value >>> 24);
                bytes[offset + 1] = (byte) (value >>> 16);
                bytes[offset + 2] = (byte) (value >>> 8);
                bytes[offset + 3] = (byte) value;
            }
        }
        return bytes;
    }
}
