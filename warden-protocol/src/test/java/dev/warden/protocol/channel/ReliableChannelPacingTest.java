package dev.warden.protocol.channel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Optional pacing: deferred writes and the deadline that wakes them, never a sleep. */
class ReliableChannelPacingTest {

    private static final long MS = 1_000_000L;

    @Test
    void withoutPacingEverythingIsWrittenAtOnce() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT, b -> b.maxUnacknowledgedMessages(1000));

        for (int i = 0; i < 1000; i++) {
            f.send("m" + i);
        }

        assertThat(f.transport.frames).hasSize(1000);
    }

    @Test
    void pacedFramesWaitForTokensAndTheDeadlineSaysWhen() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT,
                b -> b.pacing(new TokenBucket.Limits(10, 2, Double.POSITIVE_INFINITY, 1)));
        long start = f.ticker.nanoTime();
        List<Long> writtenAtMillis = new ArrayList<>();
        f.transport.onWrite = frame -> writtenAtMillis.add((f.ticker.nanoTime() - start) / MS);

        for (int i = 0; i < 5; i++) {
            assertThat(f.send("m" + i)).as("pacing is not back-pressure").isTrue();
        }
        assertThat(writtenAtMillis).containsExactly(0L, 0L);
        assertThat(f.millisUntilDeadline()).isEqualTo(100);

        f.receive(f.ackFor(0));
        f.receive(f.ackFor(1));
        f.runFor(150); // nothing times out before 200 ms; paced writes at 100 ms, then 200 ms
        assertThat(writtenAtMillis).containsExactly(0L, 0L, 100L);
        f.runFor(50);
        assertThat(writtenAtMillis).containsExactly(0L, 0L, 100L, 200L);
        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void retransmissionsArePacedToo() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT,
                b -> b.pacing(new TokenBucket.Limits(10, 1, Double.POSITIVE_INFINITY, 1)));
        f.send("a");
        f.runFor(200);
        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L, 0L);

        f.send("b");
        f.runFor(99);
        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L, 0L);
        f.runFor(1);
        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L, 0L, 1L);
    }

    @Test
    void acknowledgementsAreNotPaced() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT,
                b -> b.pacing(new TokenBucket.Limits(1, 1, Double.POSITIVE_INFINITY, 1)));
        f.send("uses the only token");

        for (int i = 0; i < 10; i++) {
            f.receive(f.peerData(i, "x"));
        }

        assertThat(f.transport.acknowledgedSequenceNumbers()).hasSize(10);
    }
}
