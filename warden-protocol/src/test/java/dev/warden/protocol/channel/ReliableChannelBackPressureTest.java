package dev.warden.protocol.channel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bounded memory: the producer is held back instead of data being dropped. */
class ReliableChannelBackPressureTest {

    @Test
    void aFullWindowRefusesMessagesAndDropsNothing() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT, b -> b.maxUnacknowledgedMessages(4));

        for (int i = 0; i < 4; i++) {
            assertThat(f.send("m" + i)).isTrue();
        }

        assertThat(f.channel.isWritable()).isFalse();
        assertThat(f.send("refused")).isFalse();
        assertThat(f.channel.nextSequenceNumber()).as("a refused message takes no number").isEqualTo(4);
        assertThat(f.channel.unacknowledgedSequenceNumbers()).containsExactly(0L, 1L, 2L, 3L);

        // Nothing was dropped: all four are still retransmitted.
        f.transport.frames.clear();
        f.runFor(200);
        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void theProducerIsToldOnceWhenTheWindowHasDrainedToHalf() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT, b -> b.maxUnacknowledgedMessages(4));
        for (int i = 0; i < 4; i++) {
            f.send("m" + i);
        }

        f.receive(f.ackFor(0));
        assertThat(f.channel.isWritable()).as("3 of 4: still above the low-water mark").isFalse();
        assertThat(f.listener.writableCalls).isZero();

        f.receive(f.ackFor(1));
        assertThat(f.channel.isWritable()).isTrue();
        assertThat(f.listener.writableCalls).isEqualTo(1);

        f.receive(f.ackFor(2));
        assertThat(f.listener.writableCalls).as("no repeated notification").isEqualTo(1);
    }

    @Test
    void theByteLimitHoldsBackToo() {
        // Every frame here is 120 header bytes + 10 payload bytes.
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT, b -> b.maxUnacknowledgedBytes(3 * 130));

        assertThat(f.send("0123456789")).isTrue();
        assertThat(f.send("0123456789")).isTrue();
        assertThat(f.channel.isWritable()).isTrue();
        assertThat(f.send("0123456789")).isTrue();

        assertThat(f.channel.isWritable()).isFalse();
        assertThat(f.send("0123456789")).isFalse();
        assertThat(f.channel.stats().unacknowledgedBytes()).isEqualTo(3 * 130);

        f.receive(f.ackFor(0));
        assertThat(f.channel.isWritable()).as("260 bytes is above half of 390").isFalse();
        f.receive(f.ackFor(2));
        assertThat(f.channel.isWritable()).isTrue();
    }

    @Test
    void aMessageLargerThanTheByteLimitStillGoesThroughAnEmptyWindow() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT, b -> b.maxUnacknowledgedBytes(50));

        assertThat(f.send("a payload bigger than the whole window")).isTrue();
        assertThat(f.send("next")).isFalse();

        f.receive(f.ackFor(0));
        assertThat(f.send("next")).isTrue();
    }

    @Test
    void aProducerDrivenByTheCallbackNeverLosesAMessage() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT, b -> b.maxUnacknowledgedMessages(8));
        List<String> accepted = new ArrayList<>();
        int[] next = {0};
        Runnable produce = () -> {
            while (next[0] < 100 && f.send("m" + next[0])) {
                accepted.add("m" + next[0]);
                next[0]++;
            }
        };
        f.listener.whenWritable = produce;
        produce.run();

        // The peer acknowledges everything it sees, one message at a time, and never more than the window held.
        for (long seq = 0; seq < 100; seq++) {
            assertThat(f.channel.stats().unacknowledgedMessages()).isLessThanOrEqualTo(8);
            f.receive(f.ackFor(seq));
        }

        assertThat(accepted).hasSize(100);
        assertThat(f.transport.streamSequenceNumbers()).hasSize(100).doesNotHaveDuplicates();
        assertThat(f.listener.writableCalls).isGreaterThan(1);
    }

    @Test
    void anUnwritableTransportHoldsStreamMessagesButNotAcknowledgements() {
        ChannelFixture f = ChannelFixture.client();
        f.transport.writable = false;

        f.send("a");
        f.send("b");
        f.receive(f.peerData(0, "x"));

        assertThat(f.transport.streamSequenceNumbers()).isEmpty();
        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(0L);

        f.transport.writable = true;
        f.channel.onTransportWritable();

        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L, 1L);
    }

    @Test
    void timedOutMessagesWaitForAnUnwritableTransport() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.transport.writable = false;

        f.runFor(1_000);
        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L);
        assertThat(f.channel.nextDeadlineNanos()).as("nothing in flight, writability will wake us").isEmpty();

        f.transport.writable = true;
        f.channel.onTransportWritable();
        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L, 0L);
    }
}
