package dev.warden.protocol.channel;

import dev.warden.protocol.channel.ChannelListener.Delivery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The counters and gauges a metrics exporter will read. */
class ReliableChannelStatsTest {

    @Test
    void everyCounterCountsWhatItSays() {
        ChannelFixture f = ChannelFixture.client();
        f.send("12345");          // frame of 125 bytes
        f.send("123");            // frame of 123 bytes
        f.runFor(200);            // both retransmitted once
        f.receive(f.ackFor(0));
        f.receive(f.ackFor(7));   // unknown

        f.listener.answer = m -> m.sequenceNumber() == 1 ? Delivery.NOT_READY : Delivery.ACCEPTED;
        f.receive(f.peerData(0, "ab"));
        f.receive(f.peerData(0, "ab"));       // duplicate
        f.receive(f.peerData(2, "cdef"));     // ahead: buffered
        f.receive(f.peerData(1, "x"));        // refused
        f.receive(new byte[]{1, 2, 3});       // invalid

        ChannelStats stats = f.channel.stats();
        assertThat(stats.messagesSent()).isEqualTo(2);
        assertThat(stats.messagesRetransmitted()).isEqualTo(2);
        assertThat(stats.bytesSent()).isEqualTo(2 * (125 + 123));
        assertThat(stats.messagesAcknowledged()).isEqualTo(1);
        assertThat(stats.unknownAcknowledgements()).isEqualTo(1);
        assertThat(stats.acknowledgementsSent()).isEqualTo(3);
        assertThat(stats.messagesDelivered()).isEqualTo(1);
        assertThat(stats.bytesDelivered()).isEqualTo(2);
        assertThat(stats.duplicatesReceived()).isEqualTo(1);
        assertThat(stats.outOfOrderBuffered()).isEqualTo(1);
        assertThat(stats.outOfOrderDropped()).isZero();
        assertThat(stats.notReadyRefusals()).isEqualTo(1);
        assertThat(stats.invalidFrames()).isEqualTo(1);
        assertThat(stats.unacknowledgedMessages()).isEqualTo(1);
        assertThat(stats.unacknowledgedBytes()).isEqualTo(123);
        assertThat(stats.reorderBuffered()).isEqualTo(1);
        assertThat(stats.smoothedRttNanos()).isEqualTo(100_000_000L);
        assertThat(stats.retransmissionTimeoutNanos()).isEqualTo(400_000_000L);
    }
}
