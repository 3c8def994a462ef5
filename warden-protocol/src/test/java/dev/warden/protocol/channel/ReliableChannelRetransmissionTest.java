package dev.warden.protocol.channel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Retransmission timeouts, backoff, Karn's rule, and what a retransmission writes. */
class ReliableChannelRetransmissionTest {

    private static final long MS = 1_000_000L;

    @Test
    void aMessageIsRewrittenByteForByteWhenItsTimeoutExpires() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        byte[] original = f.transport.frames.get(0);
        assertThat(f.millisUntilDeadline()).isEqualTo(200);

        f.runFor(199);
        assertThat(f.transport.frames).hasSize(1);
        f.runFor(1);

        assertThat(f.transport.frames).hasSize(2);
        assertThat(f.transport.frames.get(1)).isEqualTo(original);
        assertThat(f.channel.stats().messagesRetransmitted()).isEqualTo(1);
        assertThat(f.channel.stats().messagesSent()).isEqualTo(1);
    }

    @Test
    void everyMessageWhoseTimeoutExpiredIsRewrittenAtOnceInOrder() {
        ChannelFixture f = ChannelFixture.client();
        for (int i = 0; i < 5; i++) {
            f.send("m" + i);
        }
        List<byte[]> originals = new ArrayList<>(f.transport.frames);
        f.transport.frames.clear();

        f.runFor(200);

        assertThat(f.transport.frames).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(f.transport.frames.get(i)).isEqualTo(originals.get(i));
        }
        assertThat(f.transport.flushes).as("one timer event, one flush").isEqualTo(6);
    }

    @Test
    void eachMessageTimesOutFromItsOwnLastWrite() {
        ChannelFixture f = ChannelFixture.client();
        f.send("first");
        f.runFor(100);
        f.send("second");
        f.transport.frames.clear();

        f.runFor(100); // t = 200: only "first" is due; the timeout backs off to 400 ms
        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L);
        assertThat(f.millisUntilDeadline()).as("second: written at 100, due at 500").isEqualTo(300);

        f.runFor(300); // t = 500: only "second"; timeout 800 ms
        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L, 1L);
        assertThat(f.millisUntilDeadline()).as("first: rewritten at 200, due at 1000").isEqualTo(500);
    }

    @Test
    void theTimeoutDoublesOnEveryExpiryUpToTheMaximum() {
        ChannelFixture f = ChannelFixture.client();
        long start = f.ticker.nanoTime();
        List<Long> writtenAtMillis = new ArrayList<>();
        f.transport.onWrite = frame -> writtenAtMillis.add((f.ticker.nanoTime() - start) / MS);

        f.send("lost forever");
        f.runFor(5_000);

        assertThat(writtenAtMillis).containsExactly(0L, 200L, 600L, 1400L, 2400L, 3400L, 4400L);
        assertThat(f.channel.stats().retransmissionTimeoutNanos()).isEqualTo(1_000 * MS);
    }

    @Test
    void anAcknowledgementOfARetransmittedMessageGivesNoRoundTripSample() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.runFor(200);
        f.runFor(10);

        f.receive(f.ackFor(0));

        assertThat(f.channel.stats().smoothedRttNanos()).isEqualTo(100 * MS);
        assertThat(f.channel.stats().retransmissionTimeoutNanos()).as("backoff stays").isEqualTo(400 * MS);

        f.send("b");
        f.runFor(20);
        f.receive(f.ackFor(1));

        // RTTVAR = 3/4·0 + 1/4·|100 − 20| = 20; SRTT = 7/8·100 + 1/8·20 = 90; RTO = 90 + max(10, 80) = 170.
        assertThat(f.channel.stats().smoothedRttNanos()).isEqualTo(90 * MS);
        assertThat(f.channel.stats().retransmissionTimeoutNanos()).isEqualTo(170 * MS);
    }

    @Test
    void theMeasuredTimeoutIsWhatTheNextMessageWaits() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.runFor(20);
        f.receive(f.ackFor(0));

        f.send("b");

        assertThat(f.millisUntilDeadline()).isEqualTo(170);
    }

    @Test
    void withNothingInFlightThereIsNoDeadline() {
        ChannelFixture f = ChannelFixture.client();
        assertThat(f.channel.nextDeadlineNanos()).isEmpty();

        f.send("a");
        f.receive(f.ackFor(0));

        assertThat(f.channel.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void callingTheTimerEarlyDoesNothing() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.ticker.advance(Duration.ofMillis(150));

        f.channel.onTimer();

        assertThat(f.transport.frames).hasSize(1);
        assertThat(f.millisUntilDeadline()).isEqualTo(50);
    }

    @Test
    void theProtocolConstantsAreTheDefaults() {
        ChannelConfig config = ChannelConfig.defaults();

        assertThat(config.initialRtt()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.initialRttVariation()).isEqualTo(Duration.ZERO);
        assertThat(config.initialRto()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.clockGranularity()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.maxRto()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.giveUpAfter()).isEmpty();
        assertThat(config.pacing()).isEmpty();
    }
}
