package dev.warden.protocol.channel;

import dev.warden.protocol.frame.MessageTypes;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** pause_publication and start_publication with the agent's semantics (agent-side.md §2.7). */
class ReliableChannelPublicationTest {

    private static ChannelFixture paused() {
        ChannelFixture f = ChannelFixture.client();
        f.receive(f.serviceFrame(MessageTypes.PAUSE_PUBLICATION, ""));
        assertThat(f.channel.isPaused()).isTrue();
        return f;
    }

    @Test
    void whilePausedMessagesAreNumberedAndBufferedButNotWritten() {
        ChannelFixture f = paused();

        assertThat(f.send("a")).isTrue();
        assertThat(f.send("b")).isTrue();

        assertThat(f.transport.frames).isEmpty();
        assertThat(f.channel.nextSequenceNumber()).isEqualTo(2);
        assertThat(f.channel.unacknowledgedSequenceNumbers()).containsExactly(0L, 1L);
    }

    @Test
    void whilePausedNothingIsRetransmitted() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.receive(f.serviceFrame(MessageTypes.PAUSE_PUBLICATION, ""));
        f.transport.frames.clear();

        assertThat(f.channel.nextDeadlineNanos()).isEmpty();
        f.runFor(10_000);
        f.ticker.advanceMillis(10_000);
        f.channel.onTimer();

        assertThat(f.transport.frames).isEmpty();
    }

    @Test
    void startPublicationSendsTheBacklogInOrderAndRetransmitsWhatTimedOut() {
        ChannelFixture f = ChannelFixture.client();
        f.send("written before the pause");
        f.receive(f.serviceFrame(MessageTypes.PAUSE_PUBLICATION, ""));
        f.send("b");
        f.send("c");
        f.runFor(5_000);
        f.transport.frames.clear();

        f.receive(f.serviceFrame(MessageTypes.START_PUBLICATION, ""));

        assertThat(f.channel.isPaused()).isFalse();
        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void receivedStreamDataEndsThePause() {
        assertPauseEndedBy(f -> f.receive(f.peerData(0, "x")));
    }

    @Test
    void aReceivedAcknowledgementEndsThePause() {
        assertPauseEndedBy(f -> f.receive(f.ackFor(42)));
    }

    @Test
    void aNewTransportEndsThePause() {
        assertPauseEndedBy(f -> f.channel.attach(f.transport));
    }

    private static void assertPauseEndedBy(Consumer<ChannelFixture> event) {
        ChannelFixture f = paused();
        f.send("a");

        event.accept(f);

        assertThat(f.channel.isPaused()).isFalse();
        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L);
    }

    @Test
    void publicationControlIsNeitherAcknowledgedNorPassedOn() {
        ChannelFixture f = ChannelFixture.client();

        f.receive(f.serviceFrame(MessageTypes.PAUSE_PUBLICATION, ""));
        f.receive(f.serviceFrame(MessageTypes.START_PUBLICATION, ""));

        assertThat(f.transport.frames).isEmpty();
        assertThat(f.listener.serviceMessages).isEmpty();
    }

    @Test
    void pausedMessagesStillCountAgainstTheWindow() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.AGENT, b -> b.maxUnacknowledgedMessages(2));
        f.receive(f.serviceFrame(MessageTypes.PAUSE_PUBLICATION, ""));

        assertThat(f.send("a")).isTrue();
        assertThat(f.send("b")).isTrue();
        assertThat(f.send("c")).isFalse();
    }
}
