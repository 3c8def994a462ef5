package dev.warden.protocol.mux;

import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.channel.ChannelRole;
import dev.warden.protocol.smux.SmuxCloseReason;
import dev.warden.protocol.smux.SmuxConfig;
import dev.warden.protocol.smux.SmuxFrame;
import dev.warden.protocol.smux.SmuxFrameEncoder;
import dev.warden.protocol.smux.SmuxSession;
import dev.warden.protocol.smux.SmuxSessionListener;
import dev.warden.protocol.smux.SmuxStream;
import dev.warden.protocol.smux.SmuxStreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmuxOverChannelTest {

    private final List<SmuxStream> accepted = new ArrayList<>();
    private final List<SmuxCloseReason> closed = new ArrayList<>();
    private final SmuxSessionListener listener = new SmuxSessionListener() {
        @Override
        public void onStreamAccepted(SmuxStream stream) {
            accepted.add(stream);
        }

        @Override
        public void onSessionClosed(SmuxCloseReason reason) {
            closed.add(reason);
        }
    };

    private SmuxOverChannel client(ChannelHarness harness, OutputLimits limits, SmuxConfig config) {
        SmuxOverChannel mux = SmuxOverChannel.client(harness.channel, limits, config, listener, harness.tasks::add, 0);
        harness.onOutput = mux::onOutput;
        harness.onWritable = mux::onChannelWritable;
        return mux;
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8));
        }
        return bytes;
    }

    /** The smux frames a session writes for {@code data} on stream {@code id}: PSH frames of at most {@code max}. */
    private static byte[] frames(int id, byte[] data, int max, boolean withSyn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (withSyn) {
            out.writeBytes(SmuxFrameEncoder.encodeToArray(SmuxFrame.syn(1, id)));
        }
        for (int offset = 0; offset < data.length; offset += max) {
            int n = Math.min(max, data.length - offset);
            out.writeBytes(SmuxFrameEncoder.encodeToArray(SmuxFrame.psh(1, id, Unpooled.wrappedBuffer(data, offset, n))));
        }
        return out.toByteArray();
    }

    private static List<byte[]> split(byte[] bytes, int size) {
        List<byte[]> chunks = new ArrayList<>();
        for (int offset = 0; offset < bytes.length; offset += size) {
            chunks.add(Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + size)));
        }
        return chunks;
    }

    @Test
    void aFortyThousandByteWriteBecomes1024BytePayloadsWhoseConcatenationIsTheSmuxFramesByteForByte() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT);
        SmuxOverChannel mux = client(harness, OutputLimits.defaults(), SmuxConfig.defaults());
        SmuxStream stream = mux.session().openStream();
        assertThat(harness.outputPayloadSizes()).as("the SYN, flushed on its own").containsExactly(8);
        byte[] data = pattern(40_000);

        stream.write(Unpooled.wrappedBuffer(data));

        // Two PSH frames (32768 + 7232 data bytes, 8-byte headers): 40 016 bytes = 39 full payloads and 80 bytes.
        List<Integer> sizes = harness.outputPayloadSizes();
        assertThat(sizes).hasSize(1 + 40);
        assertThat(sizes.subList(1, 40)).containsOnly(1024);
        assertThat(sizes.get(40)).isEqualTo(80);
        assertThat(harness.outputBytes()).isEqualTo(frames(3, data, SmuxConfig.DEFAULT_MAX_FRAME_SIZE, true));
        assertThat(mux.pendingBytes()).isZero();
        assertThat(stream.pendingWriteBytes()).isZero();
    }

    @Test
    void largerPayloadsCarryTheSameBytes() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT);
        SmuxOverChannel mux = client(harness, OutputLimits.ofPayloadSize(16384), SmuxConfig.defaults());
        SmuxStream stream = mux.session().openStream();
        byte[] data = pattern(40_000);

        stream.write(Unpooled.wrappedBuffer(data));

        assertThat(harness.outputPayloadSizes()).containsExactly(8, 16384, 16384, 40_016 - 2 * 16384);
        assertThat(harness.outputBytes()).isEqualTo(frames(3, data, SmuxConfig.DEFAULT_MAX_FRAME_SIZE, true));
    }

    @Test
    void aFullWindowMakesTheSessionQueueInItsStreamsAndNothingIsLostWhenItReopens() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT, b -> b.maxUnacknowledgedMessages(4));
        OutputLimits limits = new OutputLimits(1024, 4096);
        SmuxOverChannel mux = client(harness, limits, SmuxConfig.defaults());
        SmuxStream stream = mux.session().openStream();
        List<Boolean> writability = new ArrayList<>();
        stream.listener(new SmuxStreamListener() {
            @Override
            public void onWritabilityChanged(SmuxStream s) {
                writability.add(s.isWritable());
            }
        });
        byte[] data = pattern(200_000);

        stream.write(Unpooled.wrappedBuffer(data));

        assertThat(harness.outputPayloads()).as("the window holds four messages").hasSize(4);
        long frameLimit = limits.maxPendingBytes() + SmuxFrame.HEADER_LENGTH + SmuxConfig.DEFAULT_MAX_FRAME_SIZE;
        assertThat(mux.pendingBytes()).isBetween((long) limits.maxPendingBytes(), frameLimit);
        assertThat(stream.pendingWriteBytes()).as("the rest waits in the stream").isGreaterThan(100_000);
        assertThat(stream.isWritable()).isFalse();
        assertThat(writability).containsExactly(false);

        long maxPending = 0;
        for (int round = 0; round < 10_000 && (mux.pendingBytes() > 0 || stream.pendingWriteBytes() > 0); round++) {
            harness.acknowledgeEverything(); // the window reopens, the bridge drains, the session sends more
            maxPending = Math.max(maxPending, mux.pendingBytes());
        }
        harness.acknowledgeEverything();

        assertThat(maxPending).isLessThanOrEqualTo(frameLimit);
        assertThat(harness.outputBytes()).isEqualTo(frames(3, data, SmuxConfig.DEFAULT_MAX_FRAME_SIZE, true));
        assertThat(harness.outputPayloadSizes()).allMatch(size -> size <= 1024);
        assertThat(writability).containsExactly(false, true);
        assertThat(harness.channel.stats().unacknowledgedMessages()).isZero();
    }

    @Test
    void aFullReceiveBufferIsAnsweredNotReadyUntilTheApplicationReadsAndNoInputOverflows() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT);
        // The tightest input limit that works: one Output payload of the peer.
        SmuxConfig config = SmuxConfig.builder().maxReceiveBuffer(4096).maxStreamBuffer(4096).maxBufferedInput(1024)
                .build();
        SmuxOverChannel mux = client(harness, OutputLimits.defaults(), config);
        // The agent's smux server opens stream 2 and sends 20 000 bytes in 1000-byte frames, cut into 1024-byte
        // Output payloads, with no regard for frame boundaries.
        byte[] data = pattern(20_000);
        List<byte[]> payloads = split(frames(2, data, 1000, true), 1024);

        int refused = -1;
        for (int seq = 0; seq < payloads.size(); seq++) {
            harness.receiveOutput(seq, payloads.get(seq));
            if (refused < 0 && !harness.acknowledged().contains((long) seq)) {
                refused = seq;
            }
        }

        assertThat(refused).as("a payload was refused").isPositive();
        assertThat(mux.session().isInboundPaused()).isTrue();
        assertThat(mux.isInboundPaused()).isTrue();
        assertThat(harness.channel.expectedSequenceNumber()).isEqualTo(refused);
        assertThat(mux.notReadyAnswers()).isPositive();
        assertThat(harness.channel.stats().notReadyRefusals()).isEqualTo(mux.notReadyAnswers());
        assertThat(mux.session().receiveBufferedBytes()).isLessThanOrEqualTo(4096 + 1000);
        assertThat(closed).isEmpty();
        assertThat(accepted).hasSize(1);
        SmuxStream stream = accepted.get(0);

        // The application reads; the session resumes on the event loop, then the bridge signals the channel; the
        // peer retransmits what was refused (each time its timeout fires), until everything is through.
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        for (int round = 0; round < 1000 && read.size() < data.length; round++) {
            ByteBuf bytes = stream.read();
            read.writeBytes(ByteBufUtil.getBytes(bytes));
            bytes.release();
            harness.runTasks();
            long next = harness.channel.expectedSequenceNumber();
            if (next < payloads.size() && !mux.isInboundPaused()) {
                harness.receiveOutput(next, payloads.get((int) next));
            }
        }

        assertThat(read.toByteArray()).isEqualTo(data);
        assertThat(closed).as("no INPUT_OVERFLOW, no error").isEmpty();
        assertThat(harness.channel.expectedSequenceNumber()).isEqualTo(payloads.size());
        assertThat(mux.isInboundPaused()).isFalse();
    }

    @Test
    void whenTheSessionClosesTheBridgeReleasesItsPendingBytesAndDiscardsInput() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.AGENT, b -> b.maxUnacknowledgedMessages(1));
        SmuxOverChannel mux = SmuxOverChannel.server(harness.channel, OutputLimits.defaults(), SmuxConfig.defaults(),
                listener, harness.tasks::add, 0);
        harness.onOutput = mux::onOutput;
        SmuxStream stream = mux.session().openStream();
        assertThat(stream.id()).isEqualTo(2);
        stream.write(Unpooled.wrappedBuffer(pattern(10_000)));
        assertThat(mux.pendingBytes()).isPositive();

        mux.session().close();

        assertThat(closed).extracting(SmuxCloseReason::kind).containsExactly(SmuxCloseReason.Kind.LOCAL_CLOSE);
        assertThat(mux.pendingBytes()).isZero();
        assertThat(mux.onOutput(new byte[]{1, 2, 3})).isEqualTo(Delivery.ACCEPTED);
        assertThat(mux.session().role()).isEqualTo(SmuxSession.Role.SERVER);
    }
}
