package dev.warden.protocol.channel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Detaching from a broken transport and resuming on a new one (client-protocol.md §7). */
class ReliableChannelResumeTest {

    private static final long MS = 1_000_000L;

    @Test
    void everyUnacknowledgedMessageIsRewrittenAtOnceInOrderOnTheNewTransport() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.send("b");
        f.send("c");
        List<byte[]> originals = List.copyOf(f.transport.frames);
        f.receive(f.ackFor(1));
        f.channel.detach();

        RecordingTransport next = new RecordingTransport();
        f.channel.attach(next);

        assertThat(next.streamSequenceNumbers()).containsExactly(0L, 2L);
        assertThat(next.frames.get(0)).isEqualTo(originals.get(0));
        assertThat(next.frames.get(1)).isEqualTo(originals.get(2));
        assertThat(next.flushes).isEqualTo(1);
    }

    @Test
    void whileDetachedMessagesAreNumberedAndBufferedAndNothingIsWritten() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.channel.detach();
        f.transport.frames.clear();

        assertThat(f.send("b")).isTrue();
        f.receive(f.peerData(0, "x"));
        f.runFor(10_000);

        assertThat(f.transport.frames).as("the old transport is never used again").isEmpty();
        assertThat(f.channel.nextDeadlineNanos()).isEmpty();
        assertThat(f.listener.deliveredTexts()).containsExactly("x");

        RecordingTransport next = new RecordingTransport();
        f.channel.attach(next);
        assertThat(next.streamSequenceNumbers()).containsExactly(0L, 1L);
    }

    @Test
    void sequenceNumbersAndTheExpectedNumberCarryOver() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.receive(f.peerData(0, "x"));
        f.receive(f.ackFor(0));
        f.channel.detach();

        RecordingTransport next = new RecordingTransport();
        f.channel.attach(next);
        f.send("b");
        f.channel.onFrame(f.peerData(1, "y"));
        f.channel.onFrame(f.peerData(0, "x again"));

        assertThat(next.streamSequenceNumbers()).containsExactly(1L);
        assertThat(next.acknowledgedSequenceNumbers()).containsExactly(1L, 0L);
        assertThat(f.listener.deliveredTexts()).containsExactly("x", "y");
        assertThat(f.channel.nextSequenceNumber()).isEqualTo(2);
        assertThat(f.channel.expectedSequenceNumber()).isEqualTo(2);
    }

    @Test
    void theTimeoutStartsAfreshOnTheNewTransport() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.runFor(3_000);
        assertThat(f.channel.stats().retransmissionTimeoutNanos()).isEqualTo(1_000 * MS);
        f.channel.detach();

        f.channel.attach(new RecordingTransport());

        assertThat(f.channel.stats().retransmissionTimeoutNanos()).isEqualTo(200 * MS);
        assertThat(f.channel.stats().smoothedRttNanos()).isEqualTo(100 * MS);
        assertThat(f.millisUntilDeadline()).isEqualTo(200);
    }

    @Test
    void rewrittenMessagesGiveNoRoundTripSample() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.channel.detach();
        f.ticker.advanceMillis(5_000);
        f.channel.attach(f.transport);
        f.ticker.advanceMillis(30);

        f.receive(f.ackFor(0));

        assertThat(f.channel.stats().smoothedRttNanos()).isEqualTo(100 * MS);
        assertThat(f.channel.stats().messagesRetransmitted()).isEqualTo(1);
    }

    @Test
    void acknowledgementsLostWhileDetachedAreRepeatedForTheRetransmission() {
        ChannelFixture f = ChannelFixture.client();
        byte[] frame = f.peerData(0, "x");
        f.channel.detach();
        f.receive(frame); // delivered, but there is no transport for the ack
        f.channel.attach(f.transport);

        f.receive(frame); // so the peer retransmits

        assertThat(f.listener.deliveredTexts()).containsExactly("x");
        assertThat(f.transport.acknowledgedSequenceNumbers()).containsExactly(0L);
    }
}
