package dev.warden.protocol.channel;

import dev.warden.protocol.frame.ClientMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A saturating sender in front of a slow link that loses nothing but queues: the service's frame-rate cap (about
 * 1000 frames/s), simulated in fake time. What the default window lets into that queue must drain within one
 * retransmission timeout, or the timeouts fire for messages that are merely waiting, every one of them is sent
 * again, and the duplicates take the place of new data at the cap.
 */
class ReliableChannelBottleneckTest {

    private static final int LINK_FRAMES_PER_MILLI = 1;

    @Test
    void aSenderSaturatingAThousandFramesPerSecondLinkNeverTimesOut() {
        ChannelFixture f = ChannelFixture.client();
        ArrayDeque<Long> link = new ArrayDeque<>();

        for (int milli = 0; milli < 5_000; milli++) {
            while (f.channel.isWritable()) {
                f.send("x");
            }
            enqueueWritten(f, link);
            f.runFor(1); // the engine's timer, as its owner would run it
            enqueueWritten(f, link);
            for (int i = 0; i < LINK_FRAMES_PER_MILLI && !link.isEmpty(); i++) {
                f.receive(f.ackFor(link.poll())); // the peer got it and answers at once
            }
        }

        ChannelStats stats = f.channel.stats();
        assertThat(stats.messagesRetransmitted()).as("timeouts of messages that were only queued").isZero();
        assertThat(stats.messagesAcknowledged()).as("the link was kept busy").isGreaterThan(4_900);
    }

    private static void enqueueWritten(ChannelFixture f, ArrayDeque<Long> link) {
        for (ClientMessage written : f.transport.drain()) {
            if (written.messageType().equals(f.role.outgoingMessageType())) {
                link.add(written.sequenceNumber());
            }
        }
    }
}
