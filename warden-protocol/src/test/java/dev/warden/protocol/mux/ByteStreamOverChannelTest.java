package dev.warden.protocol.mux;

import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.channel.ChannelRole;
import dev.warden.protocol.testing.InstrumentedAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteStreamOverChannelTest {

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private int wakeUps;

    private ByteStreamOverChannel stream(ChannelHarness harness, OutputLimits limits) {
        ByteStreamOverChannel stream = new ByteStreamOverChannel(harness.channel, limits, harness.tasks::add,
                new ByteStreamOverChannel.Receiver() {
                    @Override
                    public void onBytes(ByteBuf bytes) {
                        received.writeBytes(ByteBufUtil.getBytes(bytes));
                        bytes.release();
                    }

                    @Override
                    public void onWritable() {
                        wakeUps++;
                    }
                });
        harness.onOutput = stream::onOutput;
        harness.onWritable = stream::onChannelWritable;
        return stream;
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8));
        }
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private String receivedText() {
        return received.toString(StandardCharsets.US_ASCII);
    }

    // ----- outbound

    @Test
    void fullChunksGoOutAtOnceAndTheRemainderOnFlush() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT);
        ByteStreamOverChannel stream = stream(harness, OutputLimits.defaults());
        byte[] data = pattern(2500);

        stream.write(Unpooled.wrappedBuffer(data));

        assertThat(harness.outputPayloadSizes()).containsExactly(1024, 1024);
        assertThat(stream.pendingBytes()).isEqualTo(452);

        stream.flush();

        assertThat(harness.outputPayloadSizes()).containsExactly(1024, 1024, 452);
        assertThat(harness.outputBytes()).isEqualTo(data);
        assertThat(stream.pendingBytes()).isZero();
        assertThat(stream.payloadsSent()).isEqualTo(3);
    }

    @Test
    void payloadBoundariesDoNotFollowWriteBoundaries() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.AGENT);
        ByteStreamOverChannel stream = stream(harness, OutputLimits.defaults());
        byte[] data = pattern(2500);

        for (int offset = 0; offset < data.length; offset += 100) {
            stream.write(Unpooled.wrappedBuffer(data, offset, 100));
        }
        stream.flush();

        assertThat(harness.outputPayloadSizes()).containsExactly(1024, 1024, 452);
        assertThat(harness.outputBytes()).isEqualTo(data);
    }

    @Test
    void aFlushWithNothingPendingSendsNothing() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT);
        ByteStreamOverChannel stream = stream(harness, OutputLimits.defaults());

        stream.flush();
        stream.write(Unpooled.wrappedBuffer(pattern(1024)));
        stream.flush();

        assertThat(harness.outputPayloadSizes()).containsExactly(1024);
    }

    @Test
    void payloadsLargerThanTheOfficialPeersAreAllowed() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT);
        ByteStreamOverChannel stream = stream(harness, OutputLimits.ofPayloadSize(65536));
        byte[] data = pattern(100_000);

        stream.write(Unpooled.wrappedBuffer(data));
        stream.flush();

        assertThat(harness.outputPayloadSizes()).containsExactly(65536, 100_000 - 65536);
        assertThat(harness.outputBytes()).isEqualTo(data);
    }

    @Test
    void whileTheWindowIsFullBytesWaitInOrderUpToTheBoundAndTheWriterIsWokenWhenItReopens() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT, b -> b.maxUnacknowledgedMessages(4));
        OutputLimits limits = new OutputLimits(1024, 4096);
        ByteStreamOverChannel stream = stream(harness, limits);
        byte[] data = pattern(40_000);
        int written = 0;
        int rounds = 0;

        while (written < data.length) {
            // The writer writes 1000-byte pieces while the stream is writable, as a proxy reading a socket would.
            while (written < data.length && stream.isWritable()) {
                int n = Math.min(1000, data.length - written);
                stream.write(Unpooled.wrappedBuffer(data, written, n));
                written += n;
            }
            stream.flush();
            if (written < data.length) {
                assertThat(harness.outputPayloads()).hasSize(4 * (rounds + 1)); // the window holds four
                assertThat(stream.pendingBytes()).isBetween((long) limits.maxPendingBytes(),
                        limits.maxPendingBytes() + 999L);
                assertThat(wakeUps).isEqualTo(rounds);
            }
            harness.acknowledgeEverything(); // the window reopens: the waiting bytes go, the writer is woken
            rounds++;
        }
        while (stream.pendingBytes() > 0) {
            harness.acknowledgeEverything();
        }

        assertThat(harness.outputBytes()).isEqualTo(data);
        assertThat(harness.outputPayloadSizes()).allMatch(size -> size <= 1024);
        assertThat(wakeUps).isGreaterThanOrEqualTo(rounds - 1);
    }

    @Test
    void theWriterIsNeverWokenFromInsideItsOwnWrite() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT);
        ByteStreamOverChannel stream = stream(harness, new OutputLimits(1024, 1024));

        stream.write(Unpooled.wrappedBuffer(pattern(5000))); // over the bound, but the channel takes it all at once

        assertThat(stream.isWritable()).isTrue();
        assertThat(wakeUps).isZero();
        assertThat(harness.tasks).isEmpty();
    }

    // ----- inbound

    @Test
    void pausedInputIsRefusedWithNotReadySoTheChannelNeitherAcknowledgesNorAdvances() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT);
        ByteStreamOverChannel stream = stream(harness, OutputLimits.defaults());

        harness.receiveOutput(0, ascii("a"));
        stream.setInboundPaused(true);
        harness.receiveOutput(1, ascii("b"));
        harness.receiveOutput(2, ascii("c")); // ahead of the refused one: buffered and acknowledged by the channel

        assertThat(receivedText()).isEqualTo("a");
        assertThat(harness.acknowledged()).containsExactly(0L, 2L);
        assertThat(harness.channel.expectedSequenceNumber()).isEqualTo(1);
        assertThat(stream.notReadyAnswers()).isEqualTo(1);
        assertThat(harness.channel.stats().notReadyRefusals()).isEqualTo(1);

        stream.setInboundPaused(false);
        harness.runTasks();
        // Message 1 was kept unacknowledged: delivered and acknowledged now, without the peer's timeout.
        assertThat(receivedText()).isEqualTo("abc");
        assertThat(harness.acknowledged()).containsExactly(0L, 2L, 1L);
        assertThat(harness.channel.expectedSequenceNumber()).isEqualTo(3);

        harness.receiveOutput(1, ascii("b")); // a retransmission already under way: a duplicate

        assertThat(receivedText()).isEqualTo("abc");
        assertThat(harness.acknowledged()).containsExactly(0L, 2L, 1L, 1L);
    }

    @Test
    void resumingDeliversWhatTheChannelAcknowledgedAheadOfTheRefusedMessageOnTheEventLoop() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.AGENT);
        ByteStreamOverChannel[] holder = new ByteStreamOverChannel[1];
        ByteStreamOverChannel stream = new ByteStreamOverChannel(harness.channel, OutputLimits.defaults(),
                harness.tasks::add, bytes -> {
                    received.writeBytes(ByteBufUtil.getBytes(bytes));
                    bytes.release();
                    holder[0].setInboundPaused(true); // e.g. the local socket became unwritable
                });
        holder[0] = stream;
        harness.onOutput = stream::onOutput;

        harness.receiveOutput(1, ascii("y")); // early: buffered and acknowledged; the peer forgets it
        harness.receiveOutput(0, ascii("x")); // taken whole, then the receiver pauses; 1 is refused from the buffer

        assertThat(receivedText()).isEqualTo("x");
        assertThat(harness.acknowledged()).containsExactly(1L, 0L);
        assertThat(harness.channel.expectedSequenceNumber()).isEqualTo(1);

        stream.setInboundPaused(false);
        assertThat(receivedText()).as("never inline: the caller may be inside a delivery").isEqualTo("x");
        assertThat(harness.tasks).hasSize(1);

        harness.runTasks();

        // Nobody will send message 1 again; only readyToReceive() gets it out of the channel's buffer.
        assertThat(receivedText()).isEqualTo("xy");
        assertThat(harness.channel.expectedSequenceNumber()).isEqualTo(2);
    }

    @Test
    void pausingAgainBeforeTheEventLoopRunsKeepsTheChannelWaiting() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT);
        ByteStreamOverChannel stream = stream(harness, OutputLimits.defaults());
        stream.setInboundPaused(true);
        harness.receiveOutput(1, ascii("b"));
        harness.receiveOutput(0, ascii("a"));

        stream.setInboundPaused(false);
        stream.setInboundPaused(true);
        harness.runTasks();

        assertThat(receivedText()).isEmpty();
        assertThat(stream.notReadyAnswers()).isEqualTo(1);
    }

    @Test
    void anEmptyPayloadIsAcceptedWithoutBotheringTheReceiver() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT);
        ByteStreamOverChannel stream = stream(harness, OutputLimits.defaults());

        assertThat(stream.onOutput(new byte[0])).isEqualTo(Delivery.ACCEPTED);
        assertThat(received.size()).isZero();
    }

    // ----- lifecycle and limits

    @Test
    void closingReleasesPendingBytesRefusesWritesAndDiscardsInput() {
        ChannelHarness harness = new ChannelHarness(ChannelRole.CLIENT, b -> b.maxUnacknowledgedMessages(1));
        ByteStreamOverChannel stream = stream(harness, OutputLimits.defaults());
        InstrumentedAllocator allocator = new InstrumentedAllocator();
        ByteBuf data = allocator.buffer(5000).writeBytes(pattern(5000));
        stream.write(data);
        stream.setInboundPaused(true);
        assertThat(stream.pendingBytes()).isEqualTo(5000 - 1024);

        stream.close();

        assertThat(allocator.usedBytes()).isZero();
        assertThat(stream.pendingBytes()).isZero();
        assertThat(stream.isWritable()).isFalse();
        ByteBuf late = allocator.buffer(10).writeZero(10);
        assertThat(stream.write(late)).isFalse();
        assertThat(late.refCnt()).isZero();
        assertThat(stream.onOutput(ascii("late"))).isEqualTo(Delivery.ACCEPTED);
        assertThat(received.size()).isZero();
        harness.acknowledgeEverything();
        assertThat(harness.outputPayloadSizes()).containsExactly(1024);
    }

    @Test
    void limitsAreValidated() {
        assertThat(OutputLimits.defaults()).isEqualTo(new OutputLimits(1024, 65536));
        assertThat(OutputLimits.ofPayloadSize(1 << 20)).isEqualTo(new OutputLimits(1 << 20, 1 << 20));
        assertThatThrownBy(() -> new OutputLimits(0, 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutputLimits((1 << 20) + 1, 1 << 21)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutputLimits(1024, 1023)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new OutputLimits(1, 1).maxPayloadSize()).isEqualTo(1);
    }
}
