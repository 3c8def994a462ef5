package dev.warden.protocol.smux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.testing.InstrumentedAllocator;
import dev.warden.protocol.testing.SharedVectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The incremental decoder: any split of the byte stream gives the same frames; bad headers give typed errors. */
class SmuxFrameDecoderTest {

    private final InstrumentedAllocator allocator = new InstrumentedAllocator();

    @AfterEach
    void everyBufferIsReleased() {
        assertThat(allocator.usedBytes()).as("bytes still allocated").isZero();
    }

    @Test
    void everyGoldenFrameSplitAtEveryByteBoundaryDecodesIdentically() {
        for (int version = 1; version <= 2; version++) {
            List<byte[]> frames = goldenFrames(version);
            assertThat(frames).hasSizeGreaterThanOrEqualTo(4);
            for (byte[] frame : frames) {
                List<String> whole = decodeInPieces(version, frame, new int[0]);
                assertThat(whole).hasSize(1);
                for (int cut = 0; cut <= frame.length; cut++) {
                    assertThat(decodeInPieces(version, frame, new int[] {cut})).isEqualTo(whole);
                }
                for (int a = 0; a <= frame.length; a++) {
                    for (int b = a; b <= frame.length; b++) {
                        assertThat(decodeInPieces(version, frame, new int[] {a, b})).isEqualTo(whole);
                    }
                }
            }
        }
    }

    @Test
    void theWholeRecordedStreamSplitAtEveryBoundaryAndByteByByteDecodesIdentically() {
        for (int version = 1; version <= 2; version++) {
            byte[] stream = concat(goldenFrames(version));
            List<String> whole = decodeInPieces(version, stream, new int[0]);
            assertThat(whole).hasSize(goldenFrames(version).size());
            for (int cut = 0; cut <= stream.length; cut++) {
                assertThat(decodeInPieces(version, stream, new int[] {cut})).isEqualTo(whole);
            }
            int[] everyByte = new int[stream.length];
            for (int i = 0; i < everyByte.length; i++) {
                everyByte[i] = i;
            }
            assertThat(decodeInPieces(version, stream, everyByte)).isEqualTo(whole);
        }
    }

    @Test
    void aDataFrameSplitAtEveryBoundaryKeepsItsBytes() {
        byte[] data = new byte[1500];
        new SplittableRandom(7).nextBytes(data);
        byte[] frame = SmuxFrameEncoder.encodeToArray(SmuxFrame.psh(1, 5, Unpooled.wrappedBuffer(data)));
        List<String> whole = decodeInPieces(1, frame, new int[0]);
        assertThat(whole).containsExactly("1 PSH 5 " + HexFormat.of().formatHex(data));
        for (int cut = 0; cut <= frame.length; cut++) {
            assertThat(decodeInPieces(1, frame, new int[] {cut})).isEqualTo(whole);
        }
    }

    @Test
    void maximumSizeFramesInRandomPiecesDecodeIdentically() {
        SplittableRandom random = new SplittableRandom(11);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] data = new byte[i % 2 == 0 ? SmuxConfig.DEFAULT_MAX_FRAME_SIZE : random.nextInt(1, 300)];
            random.nextBytes(data);
            frames.add(SmuxFrameEncoder.encodeToArray(SmuxFrame.psh(2, 3 + 2 * i, Unpooled.wrappedBuffer(data))));
            frames.add(encodeAndRelease(SmuxFrame.upd(2, 3 + 2 * i, random.nextInt(), random.nextInt(), allocator)));
        }
        byte[] stream = concat(frames);
        List<String> whole = decodeInPieces(2, stream, new int[0]);
        assertThat(whole).hasSize(frames.size());
        for (int trial = 0; trial < 200; trial++) {
            int[] cuts = random.ints(random.nextInt(1, 40), 0, stream.length + 1).sorted().toArray();
            assertThat(decodeInPieces(2, stream, cuts)).isEqualTo(whole);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aFrameOfTheOtherVersionIsBadVersion(int version) {
        int other = 3 - version;
        assertError(version, header(other, 0, 0, 3), Kind.BAD_VERSION, "version " + other);
        assertError(version, header(0, 0, 0, 3), Kind.BAD_VERSION, "version 0");
        assertError(version, header(255, 2, 5, 3), Kind.BAD_VERSION, "version 255");
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6, 127, 255})
    void anUnknownCommandIsBadCommand(int command) {
        assertError(1, header(1, command, 0, 3), Kind.BAD_COMMAND, "unknown command " + command);
        assertError(2, header(2, command, 0, 3), Kind.BAD_COMMAND, "unknown command " + command);
    }

    @Test
    void updInVersion1IsBadCommand() {
        byte[] upd = encodeAndRelease(SmuxFrame.upd(2, 3, 5, 65536, allocator));
        upd[0] = 1;
        assertError(1, upd, Kind.BAD_COMMAND, "UPD");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 7, 9, 16, 65535})
    void updWithALengthOtherThan8IsLengthMismatch(int length) {
        assertError(2, header(2, 4, length, 3), Kind.LENGTH_MISMATCH, "UPD");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void synFinAndNopMustCarryNoData(int command) {
        assertError(1, header(1, command, 1, 3), Kind.LENGTH_MISMATCH, SmuxCommand.fromCode(command).orElseThrow().name());
        assertError(2, header(2, command, 8, 3), Kind.LENGTH_MISMATCH, "carries none");
    }

    @Test
    void aDataLengthAboveTheMaximumFrameSizeIsTooLargeAndNothingIsAllocatedForIt() {
        SmuxFrameDecoder decoder = new SmuxFrameDecoder(1, SmuxConfig.DEFAULT_MAX_FRAME_SIZE, allocator);
        // Only the header is fed: the error must come before any data, and nothing may be set aside for it.
        decoder.feed(Unpooled.wrappedBuffer(header(1, 2, 65535, 3)));
        Decoding<SmuxFrame> result = decoder.poll();
        assertThat(result.isOk()).isFalse();
        assertThat(result.error().kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(result.error().detail()).contains("65535").contains("32768");
        assertThat(allocator.allocations()).isZero();
        decoder.close();

        SmuxFrameDecoder exact = new SmuxFrameDecoder(1, 100, allocator);
        exact.feed(Unpooled.wrappedBuffer(header(1, 2, 101, 3)));
        assertThat(exact.poll().error().kind()).isEqualTo(Kind.TOO_LARGE);
        exact.close();
        assertThat(allocator.allocations()).isZero();
    }

    @Test
    void dataBuffersAreSizedByTheValidatedLengthAndAllocatedOnlyOnceTheHeaderIsComplete() {
        SmuxFrameDecoder decoder = new SmuxFrameDecoder(1, 100, allocator);
        byte[] frame = SmuxFrameEncoder.encodeToArray(SmuxFrame.psh(1, 3, Unpooled.wrappedBuffer(new byte[100])));
        decoder.feed(Unpooled.wrappedBuffer(frame, 0, 7));
        assertThat(decoder.poll()).isNull();
        assertThat(allocator.allocations()).isZero();
        decoder.feed(Unpooled.wrappedBuffer(frame, 7, 2));
        assertThat(decoder.poll()).isNull();
        assertThat(allocator.allocations()).isEqualTo(1);
        assertThat(allocator.largestRequest()).isEqualTo(100);
        assertThat(decoder.bufferedBytes()).isEqualTo(9);
        decoder.feed(Unpooled.wrappedBuffer(frame, 9, frame.length - 9));
        SmuxFrame decoded = decoder.poll().value();
        assertThat(decoded.length()).isEqualTo(100);
        assertThat(decoder.bufferedBytes()).isZero();
        decoded.release();
        decoder.close();
    }

    @Test
    void theFirstErrorIsFinalAndLaterBytesAreIgnored() {
        SmuxFrameDecoder decoder = new SmuxFrameDecoder(1, 32768, allocator);
        byte[] good = SmuxFrameEncoder.encodeToArray(SmuxFrame.syn(1, 3));
        decoder.feed(Unpooled.wrappedBuffer(concat(List.of(good, header(9, 0, 0, 3), good))));
        Decoding<SmuxFrame> first = decoder.poll();
        assertThat(first.value().command()).isEqualTo(SmuxCommand.SYN);
        Decoding<SmuxFrame> failure = decoder.poll();
        assertThat(failure.error().kind()).isEqualTo(Kind.BAD_VERSION);
        assertThat(decoder.hasFailed()).isTrue();
        assertThat(decoder.bufferedBytes()).as("input after the error is dropped").isZero();
        ByteBuf more = Unpooled.wrappedBuffer(good);
        decoder.feed(more);
        assertThat(more.isReadable()).as("feed consumes the caller's bytes even after a failure").isFalse();
        assertThat(decoder.poll()).isSameAs(failure);
        decoder.close();
    }

    @Test
    void feedLeavesTheCallersBufferOwnedByTheCaller() {
        SmuxFrameDecoder decoder = new SmuxFrameDecoder(1, 32768, allocator);
        ByteBuf chunk = allocator.buffer(16);
        chunk.writeBytes(SmuxFrameEncoder.encodeToArray(SmuxFrame.syn(1, 3)));
        chunk.writeBytes(new byte[] {1, 2, 5, 0});
        decoder.feed(chunk);
        assertThat(chunk.readableBytes()).isZero();
        assertThat(chunk.refCnt()).isEqualTo(2);
        chunk.release();
        assertThat(decoder.poll().value().command()).isEqualTo(SmuxCommand.SYN);
        assertThat(decoder.poll()).isNull();
        assertThat(decoder.bufferedBytes()).isEqualTo(4);
        decoder.close();
        assertThat(chunk.refCnt()).as("close releases what the decoder still held").isZero();
    }

    @Test
    void errorDetailsNeverEchoFrameData() {
        byte[] secret = "hunter2-secret".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] frame = SmuxFrameEncoder.encodeToArray(SmuxFrame.psh(1, 3, Unpooled.wrappedBuffer(secret)));
        SmuxFrameDecoder small = new SmuxFrameDecoder(1, 4, allocator);
        small.feed(Unpooled.wrappedBuffer(frame));
        Decoding<SmuxFrame> result = small.poll();
        assertThat(result.error().kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(result.error().detail()).doesNotContain("hunter2");
        small.close();
        SmuxFrameDecoder ok = new SmuxFrameDecoder(1, 100, allocator);
        ok.feed(Unpooled.wrappedBuffer(frame));
        SmuxFrame decoded = ok.poll().value();
        assertThat(decoded.toString()).doesNotContain("hunter2").contains("PSH").contains("len=14");
        decoded.release();
        ok.close();
    }

    private void assertError(int version, byte[] input, Kind kind, String detailPart) {
        // Fed at every split, the error is the same, and it is reported as soon as the 8 header bytes are in.
        for (int cut = 0; cut <= Math.min(input.length, SmuxFrame.HEADER_LENGTH); cut++) {
            SmuxFrameDecoder decoder = new SmuxFrameDecoder(version, SmuxConfig.DEFAULT_MAX_FRAME_SIZE, allocator);
            decoder.feed(Unpooled.wrappedBuffer(input, 0, cut));
            if (cut < SmuxFrame.HEADER_LENGTH) {
                assertThat(decoder.poll()).isNull();
                decoder.feed(Unpooled.wrappedBuffer(input, cut, SmuxFrame.HEADER_LENGTH - cut));
            }
            Decoding<SmuxFrame> result = decoder.poll();
            assertThat(result).isNotNull();
            assertThat(result.isOk()).as("%s must be refused", HexFormat.of().formatHex(input)).isFalse();
            assertThat(result.error().kind()).isEqualTo(kind);
            assertThat(result.error().detail()).contains(detailPart);
            decoder.close();
        }
    }

    /** Decodes {@code bytes} fed in pieces cut at the given offsets; frames as "version command sid datahex". */
    private List<String> decodeInPieces(int version, byte[] bytes, int[] cuts) {
        SmuxFrameDecoder decoder = new SmuxFrameDecoder(version, SmuxConfig.DEFAULT_MAX_FRAME_SIZE, allocator);
        List<String> frames = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : bytes.length;
            ByteBuf piece = allocator.buffer(Math.max(to - from, 1));
            piece.writeBytes(bytes, from, to - from);
            decoder.feed(piece);
            piece.release();
            from = to;
            for (Decoding<SmuxFrame> next = decoder.poll(); next != null; next = decoder.poll()) {
                SmuxFrame frame = next.value();
                frames.add(frame.version() + " " + frame.command() + " " + Integer.toUnsignedString(frame.streamId())
                        + " " + io.netty.buffer.ByteBufUtil.hexDump(frame.data()));
                frame.release();
            }
        }
        assertThat(decoder.bufferedBytes()).isZero();
        decoder.close();
        return frames;
    }

    private static List<byte[]> goldenFrames(int version) {
        JsonNode smux = SharedVectors.read("smux.json");
        List<byte[]> frames = new ArrayList<>();
        for (JsonNode frame : smux.get("frames")) {
            if (frame.get("version").asInt() == version) {
                frames.add(SharedVectors.hex(frame.get("frameHex")));
            }
        }
        for (JsonNode frame : smux.get("exchangeV" + version).get("frames")) {
            frames.add(SharedVectors.hex(frame.get("frameHex")));
        }
        return frames;
    }

    static byte[] encodeAndRelease(SmuxFrame frame) {
        byte[] bytes = SmuxFrameEncoder.encodeToArray(frame);
        frame.release();
        return bytes;
    }

    static byte[] header(int version, int command, int length, int streamId) {
        return new byte[] {(byte) version, (byte) command, (byte) length, (byte) (length >>> 8),
                (byte) streamId, (byte) (streamId >>> 8), (byte) (streamId >>> 16), (byte) (streamId >>> 24)};
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
