package dev.warden.protocol.smux;

import dev.warden.protocol.DecodeError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Session and stream behaviour, one rule per test, on two sessions connected back to back. */
class SmuxSessionTest {

    private static final SmuxConfig V1 = SmuxConfig.defaults();
    private static final SmuxConfig V2 = SmuxConfig.builder().version(2).build();

    private SessionPair pair;

    @AfterEach
    void noBufferLeaks() {
        if (pair != null) {
            pair.shutdown();
            assertThat(pair.allocator.usedBytes()).as("bytes still allocated").isZero();
        }
    }

    // ----- opening -----

    @Test
    void clientOpensOddIdsFromThreeAndServerEvenIdsFromTwo() {
        pair = new SessionPair(V1);
        List<Integer> clientIds = new ArrayList<>();
        List<Integer> serverIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clientIds.add(pair.client.session.openStream().id());
            serverIds.add(pair.server.session.openStream().id());
        }
        assertThat(clientIds).containsExactly(3, 5, 7);
        assertThat(serverIds).containsExactly(2, 4, 6);
        assertThat(hex(pair.client.written)).containsExactly("0100000003000000", "0100000005000000", "0100000007000000");
        assertThat(hex(pair.server.written)).containsExactly("0100000002000000", "0100000004000000", "0100000006000000");

        pair.pump();
        assertThat(pair.server.accepted).extracting(SmuxStream::id).containsExactly(3, 5, 7);
        assertThat(pair.client.accepted).extracting(SmuxStream::id).containsExactly(2, 4, 6);
        assertThat(pair.client.session.streams()).hasSize(6);
    }

    @Test
    void aPeerSynOnAnIdOfOurParityIsAcceptedAndOpenStreamSkipsIt() {
        pair = new SessionPair(V1);
        inbound(pair.client, SmuxFrame.syn(1, 3));
        assertThat(pair.client.accepted).extracting(SmuxStream::id).containsExactly(3);
        assertThat(pair.client.session.openStream().id()).isEqualTo(5);
    }

    @Test
    void aDuplicateSynIsIgnored() {
        pair = new SessionPair(V1);
        inbound(pair.server, SmuxFrame.syn(1, 3));
        inbound(pair.server, SmuxFrame.syn(1, 3));
        assertThat(pair.server.accepted).hasSize(1);
        assertThat(pair.server.session.isClosed()).isFalse();
    }

    // ----- data and FIN -----

    @Test
    void dataIsReadInOrderAcrossFramesAndPartialReads() {
        pair = new SessionPair(V1);
        SmuxStream stream = pair.client.session.openStream();
        stream.write(SessionPair.ascii("hello "));
        stream.write(SessionPair.ascii("smux "));
        stream.write(SessionPair.ascii("world"));
        pair.pump();
        SmuxStream accepted = pair.server.accepted.get(0);
        assertThat(accepted.readableBytes()).isEqualTo(16);
        assertThat(readAscii(accepted, 3)).isEqualTo("hel");
        assertThat(readAscii(accepted, 7)).isEqualTo("lo smux");
        assertThat(pair.server.session.receiveBufferedBytes()).isEqualTo(6);
        assertThat(SessionPair.readAscii(accepted)).isEqualTo(" world");
        assertThat(accepted.read().isReadable()).isFalse();
        assertThat(pair.server.session.receiveBufferedBytes()).isZero();
    }

    @Test
    void finArrivesAfterTheDataBeforeItAndEndsInputOnceThatIsRead() {
        pair = new SessionPair(V1);
        RecordingStreamListener recorder = new RecordingStreamListener();
        List<String> events = recorder.events;
        pair.server.onAccept = accepted -> accepted.listener(recorder);
        SmuxStream stream = pair.client.session.openStream();
        stream.write(SessionPair.ascii("abc"));
        stream.close();
        assertThat(hex(pair.client.written)).containsExactly("0100000003000000", "0102030003000000616263", "0101000003000000");
        assertThat(stream.isClosed()).isTrue();
        assertThat(pair.client.session.streams()).isEmpty();

        pair.pump();
        SmuxStream accepted = pair.server.accepted.get(0);
        assertThat(events).containsExactly("readable 3", "fin with 3 unread");
        assertThat(accepted.isFinReceived()).isTrue();
        assertThat(accepted.isEndOfInput()).isFalse();
        assertThat(accepted.isOpen()).isTrue();

        // No half-close in smux: the peer has forgotten the stream, so writing is refused.
        ByteBuf refused = SessionPair.ascii("late");
        assertThat(accepted.isWritable()).isFalse();
        assertThat(accepted.write(refused)).isFalse();
        assertThat(refused.refCnt()).as("refused data is released").isZero();

        assertThat(SessionPair.readAscii(accepted)).isEqualTo("abc");
        assertThat(accepted.isEndOfInput()).isTrue();
        int before = pair.server.written.size();
        accepted.close();
        assertThat(hex(pair.server.written.subList(before, pair.server.written.size()))).containsExactly("0101000003000000");
        assertThat(events).endsWith("closed");
        assertThat(pair.server.session.streams()).isEmpty();

        // The answering FIN reaches a client that has already forgotten the stream: ignored.
        pair.pump();
        assertThat(pair.client.session.isClosed()).isFalse();
    }

    @Test
    void closeSendsQueuedDataBeforeFinAndDropsDataArrivingAfterIt() {
        pair = new SessionPair(V1);
        pair.client.writable = false;
        SmuxStream stream = pair.client.session.openStream();
        List<String> events = RecordingStreamListener.on(stream).events;
        stream.write(SessionPair.ascii("queued"));
        pair.pump();
        SmuxStream accepted = pair.server.accepted.get(0);
        accepted.write(SessionPair.ascii("before close"));
        pair.pump();
        assertThat(stream.readableBytes()).isEqualTo(12);

        stream.close();
        assertThat(stream.isOpen()).isFalse();
        assertThat(stream.isClosed()).as("FIN waits behind the queued data").isFalse();
        assertThat(pair.client.session.receiveBufferedBytes()).as("unread data is dropped on close").isZero();

        accepted.write(SessionPair.ascii("after close"));
        pair.pump();
        assertThat(pair.client.session.receiveBufferedBytes()).isZero();
        assertThat(events).containsExactly("readable 12");

        pair.client.writable = true;
        pair.client.session.onTransportWritable();
        assertThat(hex(pair.client.written)).containsExactly("0100000003000000",
                "0102060003000000" + HexFormat.of().formatHex("queued".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                "0101000003000000");
        assertThat(events).containsExactly("readable 12", "closed");
        assertThat(stream.isClosed()).isTrue();
        pair.pump();
        assertThat(SessionPair.readAscii(accepted)).isEqualTo("queued");
        assertThat(accepted.isEndOfInput()).isTrue();
    }

    @Test
    void aFinWhileClosingDiscardsDataThePeerCanNoLongerReceive() {
        pair = new SessionPair(V2);
        SmuxStream stream = pair.client.session.openStream();
        pair.pump();
        pair.client.writable = false;
        stream.write(Unpooled.wrappedBuffer(new byte[1000]));
        stream.close();
        assertThat(stream.pendingWriteBytes()).isEqualTo(1000);
        pair.server.accepted.get(0).close();
        pair.server.deliverAll();
        assertThat(stream.isClosed()).isTrue();
        assertThat(stream.pendingWriteBytes()).isZero();
        pair.client.writable = true;
        pair.client.session.onTransportWritable();
        assertThat(hex(pair.client.written)).containsExactly("0200000003000000", "0201000003000000");
    }

    @Test
    void framesForUnknownStreamsAreIgnoredWithoutChargingTheReceiveBuffer() {
        pair = new SessionPair(V2);
        inbound(pair.server, SmuxFrame.psh(2, 9, Unpooled.wrappedBuffer(new byte[500])));
        inbound(pair.server, SmuxFrame.fin(2, 9));
        inbound(pair.server, SmuxFrame.upd(2, 9, 0, 65536, pair.allocator));
        inbound(pair.server, SmuxFrame.psh(2, 11, Unpooled.EMPTY_BUFFER));
        assertThat(pair.server.accepted).isEmpty();
        assertThat(pair.server.session.receiveBufferedBytes()).isZero();
        assertThat(pair.server.session.isClosed()).isFalse();
        assertThat(pair.server.written).isEmpty();
    }

    // ----- version 2 flow control -----

    @Test
    void version2ReadsSendUpdOnTheFirstReadAndAfterHalfTheStreamBuffer() {
        pair = new SessionPair(V2);
        SmuxStream stream = pair.client.session.openStream();
        stream.write(Unpooled.wrappedBuffer(new byte[40000]));
        pair.pump();
        SmuxStream accepted = pair.server.accepted.get(0);
        accepted.read(5).release();
        assertThat(hex(pair.server.written)).containsExactly("0204080003000000" + "05000000" + "00000100");
        accepted.read(32767).release();
        assertThat(pair.server.written).as("32767 bytes since the last update: not yet half of 65536").hasSize(1);
        accepted.read(1).release();
        assertThat(hex(pair.server.written)).hasSize(2).last()
                .isEqualTo("0204080003000000" + le(32773) + "00000100");
    }

    @Test
    void version2WriterStopsAtTheWindowAndResumesOnUpdatesWithoutLosingData() {
        pair = new SessionPair(V2);
        SmuxStream stream = pair.client.session.openStream();
        List<Boolean> writability = RecordingStreamListener.on(stream).writability;
        byte[] data = pattern(400_000);
        assertThat(stream.write(Unpooled.wrappedBuffer(data))).isTrue();

        // Before any UPD smux assumes a 256 KiB window.
        assertThat(pshBytes(pair.client.written)).isEqualTo(SmuxStream.INITIAL_PEER_WINDOW);
        assertThat(stream.pendingWriteBytes()).isEqualTo(400_000 - SmuxStream.INITIAL_PEER_WINDOW);
        assertThat(stream.isWritable()).isFalse();
        assertThat(writability).containsExactly(false);

        pair.pump();
        SmuxStream accepted = pair.server.accepted.get(0);
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        // A slow reader: 10 000 bytes at a time, delivering whatever the UPDs release.
        while (received.size() < data.length) {
            assertThat(accepted.readableBytes()).as("nothing is lost or stuck").isPositive();
            ByteBuf chunk = accepted.read(10_000);
            received.writeBytes(ByteBufUtil.getBytes(chunk));
            chunk.release();
            pair.pump();
            assertThat(stream.inflightBytes()).isLessThanOrEqualTo(SmuxStream.INITIAL_PEER_WINDOW);
            if (received.size() > SmuxStream.INITIAL_PEER_WINDOW) {
                // After the first UPD the window is MaxStreamBuffer: unread data stays within it.
                assertThat(accepted.readableBytes()).isLessThanOrEqualTo(V2.maxStreamBuffer());
            }
        }
        assertThat(received.toByteArray()).isEqualTo(data);
        assertThat(stream.pendingWriteBytes()).isZero();
        assertThat(stream.isWritable()).isTrue();
        assertThat(writability).containsExactly(false, true);
    }

    @Test
    void anUpdAcknowledgingUnsentBytesIsAProtocolError() {
        pair = new SessionPair(V2);
        SmuxStream stream = pair.client.session.openStream();
        stream.write(Unpooled.wrappedBuffer(new byte[10]));
        inbound(pair.client, SmuxFrame.upd(2, 3, 11, 65536, pair.allocator));
        assertThat(pair.client.session.isClosed()).isTrue();
        SmuxCloseReason reason = pair.client.closeReasons.get(0);
        assertThat(reason.kind()).isEqualTo(SmuxCloseReason.Kind.PROTOCOL_ERROR);
        assertThat(reason.detail()).contains("acknowledges 11").contains("10 were sent");
        assertThat(reason.decodeError()).isNull();
    }

    // ----- version 1 receive buffer -----

    @Test
    void aFullReceiveBufferPausesInputAndReadingResumesIt() {
        SmuxConfig small = V1.toBuilder().maxReceiveBuffer(65536).build();
        pair = new SessionPair(V1, small, 0);
        SmuxStream stream = pair.client.session.openStream();
        byte[] data = pattern(200_000);
        stream.write(Unpooled.wrappedBuffer(data));
        pair.pump();

        SmuxSession server = pair.server.session;
        SmuxStream accepted = pair.server.accepted.get(0);
        assertThat(server.isInboundPaused()).isTrue();
        assertThat(pair.server.pauseSignals).containsExactly(true);
        assertThat(server.receiveBufferedBytes()).isBetween(65536L, 65536L + 32768);
        assertThat(pair.client.outbound).as("the rest waits in the transport").isNotEmpty();

        // Bytes the transport delivers anyway are held unparsed, not buffered in the stream.
        int buffered = accepted.readableBytes();
        pair.client.inboundPausedIgnoredOnce();
        assertThat(accepted.readableBytes()).isEqualTo(buffered);

        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        while (received.size() < data.length) {
            ByteBuf chunk = accepted.read();
            assertThat(chunk.isReadable()).isTrue();
            received.writeBytes(ByteBufUtil.getBytes(chunk));
            chunk.release();
            pair.pump();
            assertThat(server.receiveBufferedBytes()).isLessThanOrEqualTo(65536L + 32768);
        }
        assertThat(received.toByteArray()).isEqualTo(data);
        assertThat(server.isInboundPaused()).isFalse();
        assertThat(pair.server.pauseSignals).startsWith(true, false).endsWith(false);
    }

    @Test
    void inputHeldWhileTheBufferWasFullIsParsedInALaterTaskNeverInsideRead() {
        SmuxConfig small = V1.toBuilder().maxReceiveBuffer(10).maxStreamBuffer(10).build();
        pair = new SessionPair(V1, small, 0);
        RecordingStreamListener recorder = new RecordingStreamListener();
        List<String> events = recorder.events;
        pair.server.onAccept = accepted -> accepted.listener(recorder);
        SmuxStream stream = pair.client.session.openStream();
        stream.write(SessionPair.ascii("0123456789ab"));
        stream.close();
        // SYN, PSH and FIN arrive in one piece, as several frames often share a data-channel message.
        pair.server.session.onInbound(Unpooled.wrappedBuffer(SmuxFrameDecoderTest.concat(List.copyOf(pair.client.outbound))));
        pair.client.outbound.clear();
        SmuxStream accepted = pair.server.accepted.get(0);
        assertThat(events).containsExactly("readable 12");
        assertThat(pair.server.session.isInboundPaused()).isTrue();

        events.add("read " + SessionPair.readAscii(accepted));
        assertThat(events).as("the FIN held back is not parsed inside read()").containsExactly("readable 12", "read 0123456789ab");
        assertThat(pair.server.session.isInboundPaused()).isTrue();
        assertThat(pair.tasks).hasSize(1);

        pair.runTasks();
        assertThat(events).containsExactly("readable 12", "read 0123456789ab", "fin with 0 unread");
        assertThat(pair.server.session.isInboundPaused()).isFalse();
        assertThat(pair.server.pauseSignals).containsExactly(true, false);
    }

    @Test
    void aTransportThatIgnoresThePauseBeyondTheLimitClosesTheSession() {
        SmuxConfig small = V1.toBuilder().maxReceiveBuffer(65536).maxBufferedInput(100_000).build();
        pair = new SessionPair(V1, small, 0);
        pair.client.session.openStream().write(Unpooled.wrappedBuffer(new byte[400_000]));
        while (!pair.client.outbound.isEmpty()) {
            pair.server.session.onInbound(Unpooled.wrappedBuffer(pair.client.outbound.poll()));
        }
        assertThat(pair.server.session.isClosed()).isTrue();
        assertThat(pair.server.closeReasons).extracting(SmuxCloseReason::kind)
                .containsExactly(SmuxCloseReason.Kind.INPUT_OVERFLOW);
    }

    // ----- outbound back-pressure -----

    @Test
    void anUnwritableTransportQueuesDataAndStreamWritabilityFollowsTheWaterMarks() {
        pair = new SessionPair(V1);
        pair.client.writable = false;
        SmuxStream stream = pair.client.session.openStream();
        List<Boolean> writability = RecordingStreamListener.on(stream).writability;
        byte[] data = pattern(70_000);
        stream.write(Unpooled.wrappedBuffer(data, 0, 40_000));
        assertThat(stream.isWritable()).isTrue();
        stream.write(Unpooled.wrappedBuffer(data, 40_000, 30_000));
        assertThat(stream.isWritable()).as("70000 queued > high water mark 65536").isFalse();
        assertThat(writability).containsExactly(false);
        assertThat(pair.client.written).as("only the SYN, a control frame, went out").hasSize(1);

        pair.client.writable = true;
        pair.client.session.onTransportWritable();
        assertThat(stream.pendingWriteBytes()).isZero();
        assertThat(writability).containsExactly(false, true);
        assertThat(pair.client.written.subList(1, pair.client.written.size()))
                .extracting(frame -> frame.length - SmuxFrame.HEADER_LENGTH).containsExactly(32768, 32768, 4464);
        pair.pump();
        ByteBuf received = pair.server.accepted.get(0).read();
        assertThat(ByteBufUtil.getBytes(received)).isEqualTo(data);
        received.release();
    }

    @Test
    void streamsWithQueuedDataTakeTurnsOneFrameEach() {
        pair = new SessionPair(V1);
        pair.client.writable = false;
        SmuxStream a = pair.client.session.openStream();
        SmuxStream b = pair.client.session.openStream();
        a.write(Unpooled.wrappedBuffer(new byte[100_000]));
        b.write(Unpooled.wrappedBuffer(new byte[70_000]));
        pair.client.writable = true;
        pair.client.session.onTransportWritable();
        List<Integer> order = new ArrayList<>();
        for (SmuxFrame frame : pair.client.writtenFrames()) {
            if (frame.command() == SmuxCommand.PSH) {
                order.add(frame.streamId());
            }
            frame.release();
        }
        assertThat(order).containsExactly(3, 5, 3, 5, 3, 5, 3);
    }

    @Test
    void theTransportIsFlushedOnceWhenAnEntryPointReturns() {
        pair = new SessionPair(V1);
        SmuxStream stream = pair.client.session.openStream();
        int flushes = pair.client.flushes;
        stream.write(Unpooled.wrappedBuffer(new byte[100_000]));
        assertThat(pair.client.written).hasSize(5);
        assertThat(pair.client.flushes).isEqualTo(flushes + 1);
    }

    // ----- errors and closing -----

    @Test
    void malformedInputClosesTheSessionWithItsTypedErrorAndNeverThrows() {
        record Case(SmuxConfig config, byte[] input, DecodeError.Kind kind) {
        }
        byte[] updV1 = SmuxFrameDecoderTest.header(1, 4, 8, 3);
        List<Case> cases = List.of(
                new Case(V1, SmuxFrameDecoderTest.header(2, 0, 0, 3), DecodeError.Kind.BAD_VERSION),
                new Case(V2, SmuxFrameDecoderTest.header(1, 0, 0, 3), DecodeError.Kind.BAD_VERSION),
                new Case(V1, SmuxFrameDecoderTest.header(1, 9, 0, 3), DecodeError.Kind.BAD_COMMAND),
                new Case(V1, updV1, DecodeError.Kind.BAD_COMMAND),
                new Case(V2, SmuxFrameDecoderTest.header(2, 4, 4, 3), DecodeError.Kind.LENGTH_MISMATCH),
                new Case(V1, SmuxFrameDecoderTest.header(1, 2, 40000, 3), DecodeError.Kind.TOO_LARGE));
        for (Case c : cases) {
            SessionPair p = new SessionPair(c.config());
            SmuxStream open = p.server.session.openStream();
            List<String> streamEvents = RecordingStreamListener.on(open).events;
            int written = p.server.written.size();
            // Valid bytes first, then the bad header split in two pieces.
            p.server.session.onInbound(Unpooled.wrappedBuffer(SmuxFrameEncoder.encodeToArray(SmuxFrame.nop(c.config().version()))));
            p.server.session.onInbound(Unpooled.wrappedBuffer(c.input(), 0, 3));
            assertThat(p.server.session.isClosed()).isFalse();
            p.server.session.onInbound(Unpooled.wrappedBuffer(c.input(), 3, c.input().length - 3));

            assertThat(p.server.session.isClosed()).isTrue();
            assertThat(p.server.closeReasons).hasSize(1);
            SmuxCloseReason reason = p.server.closeReasons.get(0);
            assertThat(reason.kind()).isEqualTo(SmuxCloseReason.Kind.PROTOCOL_ERROR);
            assertThat(reason.decodeError().kind()).isEqualTo(c.kind());
            assertThat(reason.detail()).contains(c.kind().name());
            assertThat(streamEvents).containsExactly("closed");
            assertThat(open.isClosed()).isTrue();
            assertThat(p.server.written).as("no frames after a protocol error").hasSize(written);
            // Later input is ignored.
            p.server.session.onInbound(Unpooled.wrappedBuffer(SmuxFrameEncoder.encodeToArray(SmuxFrame.syn(c.config().version(), 3))));
            assertThat(p.server.accepted).isEmpty();
            p.shutdown();
            assertThat(p.allocator.usedBytes()).isZero();
        }
    }

    @Test
    void aListenerThatThrowsClosesTheSessionInsteadOfUnwindingIt() {
        pair = new SessionPair(V1);
        RuntimeException boom = new IllegalStateException("listener bug");
        pair.server.onAccept = stream -> {
            throw boom;
        };
        pair.client.session.openStream();
        pair.pump();
        assertThat(pair.server.session.isClosed()).isTrue();
        SmuxCloseReason reason = pair.server.closeReasons.get(0);
        assertThat(reason.kind()).isEqualTo(SmuxCloseReason.Kind.LISTENER_FAILED);
        assertThat(reason.cause()).isSameAs(boom);
    }

    @Test
    void closingTheSessionClosesEveryStreamOnceWithoutSendingFins() {
        pair = new SessionPair(V1);
        List<SmuxStream> closed = new ArrayList<>();
        List<SmuxStream> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SmuxStream stream = pair.client.session.openStream();
            stream.write(SessionPair.ascii("x"));
            stream.listener(new SmuxStreamListener() {
                @Override
                public void onClosed(SmuxStream s) {
                    closed.add(s);
                }
            });
            streams.add(stream);
        }
        pair.pump();
        pair.server.accepted.get(0).write(SessionPair.ascii("unread"));
        pair.pump();
        int written = pair.client.written.size();

        pair.client.session.close();
        pair.client.session.close();
        pair.client.session.onTransportClosed();

        assertThat(closed).containsExactlyInAnyOrderElementsOf(streams);
        assertThat(streams).allMatch(SmuxStream::isClosed);
        assertThat(pair.client.written).hasSize(written);
        assertThat(pair.client.closeReasons).extracting(SmuxCloseReason::kind)
                .containsExactly(SmuxCloseReason.Kind.LOCAL_CLOSE);
        assertThat(pair.client.session.streams()).isEmpty();
        assertThatThrownBy(pair.client.session::openStream).isInstanceOf(IllegalStateException.class);
        ByteBuf refused = SessionPair.ascii("late");
        assertThat(streams.get(0).write(refused)).isFalse();
        assertThat(refused.refCnt()).isZero();
        assertThat(streams.get(0).read().isReadable()).isFalse();
    }

    @Test
    void theTransportClosingClosesTheSession() {
        pair = new SessionPair(V1);
        SmuxStream stream = pair.client.session.openStream();
        pair.client.session.onTransportClosed();
        assertThat(stream.isClosed()).isTrue();
        assertThat(pair.client.closeReasons).extracting(SmuxCloseReason::kind)
                .containsExactly(SmuxCloseReason.Kind.TRANSPORT_CLOSED);
    }

    // ----- helpers -----

    private void inbound(SessionPair.Side side, SmuxFrame frame) {
        side.session.onInbound(Unpooled.wrappedBuffer(SmuxFrameEncoder.encodeToArray(frame)));
        frame.release();
    }

    private static String readAscii(SmuxStream stream, int max) {
        ByteBuf data = stream.read(max);
        try {
            return data.toString(java.nio.charset.StandardCharsets.US_ASCII);
        } finally {
            data.release();
        }
    }

    private static List<String> hex(List<byte[]> frames) {
        return frames.stream().map(HexFormat.of()::formatHex).toList();
    }

    private static long pshBytes(List<byte[]> frames) {
        return frames.stream().filter(f -> f[1] == 2).mapToLong(f -> f.length - SmuxFrame.HEADER_LENGTH).sum();
    }

    private static String le(int value) {
        return HexFormat.of().formatHex(new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16),
                (byte) (value >>> 24)});
    }

    static byte[] pattern(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 31 + (i >>> 8));
        }
        return data;
    }
}
