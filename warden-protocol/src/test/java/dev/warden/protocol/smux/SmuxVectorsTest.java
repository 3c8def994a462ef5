package dev.warden.protocol.smux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.testing.SharedVectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared smux.json vectors, recorded from xtaci/smux 1.5.16 as the official plugin vendors it: single
 * frames, the two recorded exchanges (reproduced byte for byte by two sessions back to back) and the split
 * of a large write.
 */
class SmuxVectorsTest {

    private static final JsonNode SMUX = SharedVectors.read("smux.json");

    @TestFactory
    List<DynamicTest> everyGoldenFrameDecodesToItsFieldsAndReEncodes() {
        List<DynamicTest> tests = new ArrayList<>();
        List<JsonNode> all = new ArrayList<>();
        SMUX.get("frames").forEach(all::add);
        SMUX.get("exchangeV1").get("frames").forEach(all::add);
        SMUX.get("exchangeV2").get("frames").forEach(all::add);
        assertThat(SMUX.get("frames")).hasSize(9);
        for (JsonNode vector : all) {
            String name = vector.has("name") ? vector.get("name").asText()
                    : vector.get("direction").asText() + " #" + vector.get("index").asInt();
            tests.add(DynamicTest.dynamicTest(name, () -> decodesAndReEncodes(vector)));
        }
        return tests;
    }

    private static void decodesAndReEncodes(JsonNode vector) {
        byte[] wire = SharedVectors.hex(vector.get("frameHex"));
        int version = vector.get("version").asInt();
        SmuxFrameDecoder decoder = new SmuxFrameDecoder(version, SmuxConfig.DEFAULT_MAX_FRAME_SIZE,
                UnpooledByteBufAllocator.DEFAULT);
        decoder.feed(Unpooled.wrappedBuffer(wire));
        Decoding<SmuxFrame> decoded = decoder.poll();
        assertThat(decoded).isNotNull();
        assertThat(decoded.isOk()).as("%s", decoded).isTrue();
        SmuxFrame frame = decoded.value();

        assertThat(frame.version()).isEqualTo(version);
        assertThat(frame.command().code()).isEqualTo(vector.get("cmd").asInt());
        assertThat(frame.command().name()).isEqualTo(vector.get("cmdName").asText());
        assertThat(frame.length()).isEqualTo(vector.get("length").asInt());
        assertThat(Integer.toUnsignedLong(frame.streamId())).isEqualTo(vector.get("streamId").asLong());
        String dataHex = vector.has("dataHex") ? vector.get("dataHex").asText() : "";
        assertThat(ByteBufUtil.hexDump(frame.data())).isEqualTo(dataHex);
        if (vector.has("updConsumed")) {
            assertThat(frame.updConsumed()).isEqualTo(vector.get("updConsumed").asLong());
            assertThat(frame.updWindow()).isEqualTo(vector.get("updWindow").asLong());
        }
        assertThat(decoder.poll()).as("nothing after the frame").isNull();
        assertThat(decoder.bufferedBytes()).isZero();

        assertThat(HexFormat.of().formatHex(SmuxFrameEncoder.encodeToArray(frame)))
                .isEqualTo(vector.get("frameHex").asText());
        // The factories build the same frames as the decoder.
        SmuxFrame built = switch (frame.command()) {
            case SYN -> SmuxFrame.syn(version, frame.streamId());
            case FIN -> SmuxFrame.fin(version, frame.streamId());
            case NOP -> SmuxFrame.nop(version);
            case PSH -> SmuxFrame.psh(version, frame.streamId(), Unpooled.wrappedBuffer(ByteBufUtil.getBytes(frame.data())));
            case UPD -> SmuxFrame.upd(version, frame.streamId(), (int) frame.updConsumed(), (int) frame.updWindow(),
                    UnpooledByteBufAllocator.DEFAULT);
        };
        assertThat(built).isEqualTo(frame);
        frame.release();
        decoder.close();
    }

    @Test
    void exchangeV1IsReproducedByteForByte() {
        reproduceExchange(1, SMUX.get("exchangeV1").get("frames"));
    }

    @Test
    void exchangeV2IsReproducedByteForByte() {
        reproduceExchange(2, SMUX.get("exchangeV2").get("frames"));
    }

    /**
     * The recorded script: the client opens stream 3 and writes "hello"; the server accepts, reads "hello",
     * writes "world"; the client reads "world" and closes; the server reads EOF and closes. Each side
     * reacts from its listeners, as an application would; the pair delivers everything one direction at a
     * time, so the interleaving of the two directions is deterministic and must match the recording.
     */
    private static void reproduceExchange(int version, JsonNode expected) {
        SessionPair pair = new SessionPair(SmuxConfig.builder().version(version).build());
        List<String> events = new ArrayList<>();
        pair.server.onAccept = accepted -> accepted.listener(new SmuxStreamListener() {
            @Override
            public void onReadable(SmuxStream stream) {
                assertThat(SessionPair.readAscii(stream)).isEqualTo("hello");
                events.add("server read hello");
                assertThat(stream.write(SessionPair.ascii("world"))).isTrue();
            }

            @Override
            public void onFinReceived(SmuxStream stream) {
                assertThat(stream.isEndOfInput()).isTrue();
                events.add("server EOF");
                stream.close();
            }

            @Override
            public void onClosed(SmuxStream stream) {
                events.add("server closed");
            }
        });

        SmuxStream stream = pair.client.session.openStream();
        stream.listener(new SmuxStreamListener() {
            @Override
            public void onReadable(SmuxStream s) {
                assertThat(SessionPair.readAscii(s)).isEqualTo("world");
                events.add("client read world");
                s.close();
            }

            @Override
            public void onClosed(SmuxStream s) {
                events.add("client closed");
            }
        });
        assertThat(stream.write(SessionPair.ascii("hello"))).isTrue();
        pair.pump();

        List<String> expectedLog = new ArrayList<>();
        for (JsonNode frame : expected) {
            expectedLog.add(frame.get("direction").asText() + " " + frame.get("frameHex").asText());
        }
        assertThat(pair.log).containsExactlyElementsOf(expectedLog);
        assertThat(events).containsExactly("server read hello", "client read world", "client closed",
                "server EOF", "server closed");
        assertThat(stream.id()).isEqualTo(3);
        assertThat(pair.client.session.streams()).isEmpty();
        assertThat(pair.server.session.streams()).isEmpty();
        assertThat(pair.client.session.isClosed()).isFalse();
        assertThat(pair.server.session.isClosed()).isFalse();
        pair.shutdown();
        assertThat(pair.allocator.usedBytes()).isZero();
    }

    @Test
    void largeWriteV1SplitsIntoTheRecordedFrames() {
        JsonNode expected = SMUX.get("largeWriteV1").get("frames");
        SessionPair pair = new SessionPair(SmuxConfig.defaults());
        SmuxStream stream = pair.client.session.openStream();
        byte[] data = new byte[40000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        assertThat(stream.write(Unpooled.wrappedBuffer(data))).isTrue();

        List<byte[]> written = pair.client.written;
        assertThat(written).hasSize(1 + expected.size());
        assertThat(HexFormat.of().formatHex(written.get(0))).isEqualTo("0100000003000000");
        int offset = 0;
        for (int i = 0; i < expected.size(); i++) {
            byte[] frame = written.get(i + 1);
            JsonNode vector = expected.get(i);
            assertThat(HexFormat.of().formatHex(frame, 0, SmuxFrame.HEADER_LENGTH))
                    .isEqualTo(vector.get("frameHex").asText());
            int length = vector.get("length").asInt();
            assertThat(frame).hasSize(SmuxFrame.HEADER_LENGTH + length);
            for (int k = 0; k < length; k++) {
                assertThat(frame[SmuxFrame.HEADER_LENGTH + k]).isEqualTo((byte) (offset + k));
            }
            offset += length;
        }
        assertThat(offset).isEqualTo(data.length);

        // And the server reassembles the same 40000 bytes.
        pair.pump();
        SmuxStream accepted = pair.server.accepted.get(0);
        ByteBuf received = accepted.read();
        assertThat(ByteBufUtil.getBytes(received)).isEqualTo(data);
        received.release();
        pair.shutdown();
        assertThat(pair.allocator.usedBytes()).isZero();
    }
}
