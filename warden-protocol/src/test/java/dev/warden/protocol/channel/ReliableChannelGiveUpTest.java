package dev.warden.protocol.channel;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The optional limit on how long a message may stay unacknowledged. */
class ReliableChannelGiveUpTest {

    @Test
    void byDefaultTheChannelRetriesForever() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");

        f.runFor(Duration.ofHours(2).toMillis());

        assertThat(f.channel.isClosed()).isFalse();
        assertThat(f.listener.gaveUpOn).isEmpty();
        assertThat(f.channel.stats().messagesRetransmitted()).isGreaterThan(7000);
    }

    @Test
    void theOldestUnacknowledgedMessageEndsTheChannelWhenItIsTooOld() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT, b -> b.giveUpAfter(Duration.ofMinutes(5)));
        f.send("a");
        f.send("b");
        f.receive(f.ackFor(0));

        f.runFor(Duration.ofMinutes(5).toMillis() - 1);
        assertThat(f.listener.gaveUpOn).isEmpty();
        f.runFor(1);

        assertThat(f.listener.gaveUpOn).containsExactly(1L);
        assertThat(f.listener.gaveUpAfter).containsExactly(Duration.ofMinutes(5));
        assertThat(f.channel.isClosed()).isTrue();
        assertThat(f.channel.isWritable()).isFalse();
        assertThat(f.send("c")).isFalse();
        assertThat(f.channel.nextDeadlineNanos()).isEmpty();

        f.runFor(Duration.ofMinutes(10).toMillis());
        assertThat(f.listener.gaveUpOn).as("reported once").hasSize(1);
    }

    @Test
    void theLimitCountsWhileDetachedToo() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT, b -> b.giveUpAfter(Duration.ofSeconds(30)));
        f.send("a");
        f.channel.detach();

        f.runFor(30_000);

        assertThat(f.listener.gaveUpOn).containsExactly(0L);
    }

    @Test
    void acknowledgedTrafficNeverGivesUp() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.CLIENT, b -> b.giveUpAfter(Duration.ofSeconds(1)));
        for (int i = 0; i < 100; i++) {
            f.send("m" + i);
            f.runFor(500);
            f.receive(f.ackFor(i));
        }

        assertThat(f.channel.isClosed()).isFalse();
    }
}
