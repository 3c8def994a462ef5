package dev.warden.protocol.smux;

import dev.warden.protocol.DecodeError;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.testing.InstrumentedAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated byte streams, fed in random pieces, yield frames or one typed error, never an
 * exception; every decoded frame accounts for exactly the bytes it came from. Mutations start from valid
 * streams so that most inputs get past the first header and exercise the later ones.
 */
class SmuxDecoderRobustnessTest {

    private static final int INPUTS = 200_000;

    @Test
    void randomAndMutatedStreamsYieldOnlyFramesOrTypedErrors() {
        InstrumentedAllocator allocator = new InstrumentedAllocator();
        SplittableRandom random = new SplittableRandom(0x5A0C);
        byte[][][] seeds = {seedStreams(1, random), seedStreams(2, random)};
        Set<DecodeError.Kind> kindsSeen = EnumSet.noneOf(DecodeError.Kind.class);
        long framesSeen = 0;
        int cleanInputs = 0;
        for (int i = 0; i < INPUTS; i++) {
            int version = 1 + random.nextInt(2);
            byte[] input = i % 5 == 0 ? randomBytes(random)
                    : mutate(seeds[version - 1][random.nextInt(seeds[version - 1].length)], random);
            int maxFrameSize = random.nextBoolean() ? SmuxConfig.DEFAULT_MAX_FRAME_SIZE : random.nextInt(1, 65536);
            SmuxFrameDecoder decoder = new SmuxFrameDecoder(version, maxFrameSize, allocator);
            long decodedBytes = 0;
            DecodeError error = null;
            int from = 0;
            while (from < input.length && error == null) {
                int to = Math.min(input.length, from + 1 + random.nextInt(Math.max(1, input.length / 3 + 1)));
                ByteBuf piece = Unpooled.wrappedBuffer(input, from, to - from);
                decoder.feed(piece);
                assertThat(piece.isReadable()).isFalse();
                from = to;
                for (Decoding<SmuxFrame> next = decoder.poll(); next != null && error == null; next = decoder.poll()) {
                    if (next.isOk()) {
                        SmuxFrame frame = next.value();
                        assertThat(frame.version()).isEqualTo(version);
                        assertThat(frame.command().validIn(version)).isTrue();
                        assertThat(frame.length()).isLessThanOrEqualTo(
                                frame.command() == SmuxCommand.PSH ? maxFrameSize : SmuxFrame.UPD_DATA_LENGTH);
                        decodedBytes += frame.encodedLength();
                        framesSeen++;
                        frame.release();
                    } else {
                        error = next.error();
                        assertThat(error.detail()).isNotBlank();
                        kindsSeen.add(error.kind());
                    }
                }
            }
            if (error == null) {
                cleanInputs++;
                // Every byte is either in a decoded frame or waiting for the rest of its frame.
                assertThat(decodedBytes + decoder.bufferedBytes()).isEqualTo(input.length);
                assertThat(decoder.bufferedBytes()).isLessThan(SmuxFrame.HEADER_LENGTH + 65536L);
            }
            decoder.close();
        }
        assertThat(framesSeen).isPositive();
        assertThat(cleanInputs).isPositive();
        assertThat(kindsSeen).contains(DecodeError.Kind.BAD_VERSION, DecodeError.Kind.BAD_COMMAND,
                DecodeError.Kind.LENGTH_MISMATCH, DecodeError.Kind.TOO_LARGE);
        assertThat(allocator.usedBytes()).isZero();
    }

    private static byte[][] seedStreams(int version, SplittableRandom random) {
        byte[][] seeds = new byte[16][];
        for (int s = 0; s < seeds.length; s++) {
            List<byte[]> frames = new ArrayList<>();
            for (int f = random.nextInt(1, 8); f > 0; f--) {
                int sid = 3 + 2 * random.nextInt(5);
                SmuxFrame frame = switch (random.nextInt(version == 2 ? 5 : 4)) {
                    case 0 -> SmuxFrame.syn(version, sid);
                    case 1 -> SmuxFrame.fin(version, sid);
                    case 2 -> {
                        byte[] data = new byte[random.nextInt(0, 200)];
                        random.nextBytes(data);
                        yield SmuxFrame.psh(version, sid, Unpooled.wrappedBuffer(data));
                    }
                    case 3 -> SmuxFrame.nop(version);
                    default -> SmuxFrame.upd(version, sid, random.nextInt(), random.nextInt(),
                            io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
                };
                frames.add(SmuxFrameEncoder.encodeToArray(frame));
                frame.release();
            }
            seeds[s] = SmuxFrameDecoderTest.concat(frames);
        }
        return seeds;
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(0, 300)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Flips bits, overwrites bytes, truncates, extends, or rewrites a header field of a valid stream. */
    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] bytes = seed.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                int bit = random.nextInt(bytes.length * 8);
                bytes[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            case 1 -> {
                for (int k = random.nextInt(1, 5); k > 0; k--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> bytes = java.util.Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            case 3 -> {
                bytes = java.util.Arrays.copyOf(seed, seed.length + random.nextInt(1, 64));
                for (int k = seed.length; k < bytes.length; k++) {
                    bytes[k] = (byte) random.nextInt(256);
                }
            }
            default -> {
                // The first header's length field: the value an attacker controls most.
                int value = random.nextInt(0x10000);
                if (bytes.length >= 4) {
                    bytes[2] = (byte) value;
                    bytes[3] = (byte) (value >>> 8);
                }
            }
        }
        return bytes;
    }
}
