package dev.warden.protocol.channel;

import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.Flags;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Numbering, framing and buffering of outgoing stream messages. */
class ReliableChannelSendingTest {

    @Test
    void everyStreamMessageOfAnyPayloadTypeTakesTheNextNumberFromZero() {
        ChannelFixture f = ChannelFixture.client();

        assertThat(f.channel.trySend(PayloadType.HANDSHAKE_RESPONSE, "{}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(f.channel.trySend(PayloadType.SIZE, "{\"cols\":80,\"rows\":24}".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(f.channel.trySend(PayloadType.OUTPUT, new byte[]{'l', 's'})).isTrue();
        assertThat(f.channel.trySend(PayloadType.FLAG, new byte[]{0, 0, 0, 1})).isTrue();

        List<ClientMessage> written = f.transport.drain();
        assertThat(written).extracting(ClientMessage::sequenceNumber).containsExactly(0L, 1L, 2L, 3L);
        assertThat(written).extracting(ClientMessage::payloadType).containsExactly(6, 3, 1, 10);
        assertThat(written).extracting(ClientMessage::messageType).containsOnly(MessageTypes.INPUT_STREAM_DATA);
        assertThat(written).extracting(ClientMessage::flags).containsOnly(0L);
        assertThat(f.channel.nextSequenceNumber()).isEqualTo(4);
    }

    @Test
    void theFrameCarriesThePayloadTheCreatedDateAndAFreshMessageId() {
        ChannelFixture f = ChannelFixture.client();

        f.send("ls\r");
        f.send("ls\r");

        List<ClientMessage> written = f.transport.drain();
        assertThat(written.get(0).payload()).isEqualTo("ls\r".getBytes(StandardCharsets.UTF_8));
        assertThat(written.get(0).createdDate()).isEqualTo(ChannelFixture.WALL_CLOCK_MILLIS);
        assertThat(written.get(0).schemaVersion()).isEqualTo(1);
        assertThat(written.get(0).messageId()).isNotEqualTo(written.get(1).messageId());
    }

    @Test
    void theAgentMarksOnlyItsFirstMessageWithSyn() {
        ChannelFixture f = ChannelFixture.attached(ChannelRole.AGENT, b -> b);

        f.send("a");
        f.send("b");

        List<ClientMessage> written = f.transport.drain();
        assertThat(written).extracting(ClientMessage::messageType).containsOnly(MessageTypes.OUTPUT_STREAM_DATA);
        assertThat(written).extracting(ClientMessage::flags).containsExactly(Flags.SYN, 0L);
    }

    @Test
    void acknowledgementsCarryZeroAndDoNotTakeANumber() {
        ChannelFixture f = ChannelFixture.client();

        f.receive(f.peerData(0, "prompt"));
        f.send("x");

        List<ClientMessage> written = f.transport.drain();
        assertThat(written).hasSize(2);
        ClientMessage ack = written.get(0);
        assertThat(ack.messageType()).isEqualTo(MessageTypes.ACKNOWLEDGE);
        assertThat(ack.sequenceNumber()).isZero();
        assertThat(ack.flags()).isEqualTo(Flags.SYN_FIN);
        assertThat(ack.payloadType()).isZero();
        assertThat(written.get(1).sequenceNumber()).isZero();
    }

    @Test
    void aMessageIsBufferedBeforeItIsWrittenSoAnImmediateAckFindsIt() {
        // The official peers write first and buffer second: an ack that comes back at once is ignored and the
        // message is needlessly retransmitted (vectors README, quirk 8). Here the ack arrives inside write().
        ChannelFixture f = ChannelFixture.client();
        f.transport.onWrite = frame -> {
            ClientMessage written = FrameCodec.decode(frame).value();
            if (written.messageType().equals(MessageTypes.INPUT_STREAM_DATA)) {
                f.receive(f.ackFor(written.sequenceNumber()));
            }
        };

        f.send("fast");
        f.runFor(5_000);

        assertThat(f.channel.unacknowledgedSequenceNumbers()).isEmpty();
        assertThat(f.channel.stats().messagesAcknowledged()).isEqualTo(1);
        assertThat(f.channel.stats().unknownAcknowledgements()).isZero();
        assertThat(f.channel.stats().messagesRetransmitted()).isZero();
        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L);
    }

    @Test
    void messagesSentBeforeTheFirstTransportAreBufferedAndWrittenInOrderOnAttach() {
        ChannelFixture f = ChannelFixture.detached(ChannelRole.CLIENT, b -> b);

        assertThat(f.send("a")).isTrue();
        assertThat(f.send("b")).isTrue();
        assertThat(f.transport.frames).isEmpty();
        f.channel.attach(f.transport);

        assertThat(f.transport.streamSequenceNumbers()).containsExactly(0L, 1L);
        assertThat(f.channel.stats().messagesSent()).isEqualTo(2);
        assertThat(f.channel.stats().messagesRetransmitted()).isZero();
    }

    @Test
    void writesOfOneEventAreFlushedOnce() {
        ChannelFixture f = ChannelFixture.detached(ChannelRole.CLIENT, b -> b);
        f.send("a");
        f.send("b");
        f.send("c");

        f.channel.attach(f.transport);

        assertThat(f.transport.frames).hasSize(3);
        assertThat(f.transport.flushes).isEqualTo(1);
    }

    @Test
    void theCallerMayReuseThePayloadArray() {
        ChannelFixture f = ChannelFixture.client();
        byte[] buffer = {'a'};

        f.channel.trySend(PayloadType.OUTPUT, buffer);
        buffer[0] = 'z';
        f.transport.frames.clear();
        f.runFor(200);

        assertThat(f.transport.drain().get(0).payload()).containsExactly('a');
    }

    @Test
    void anEmptyPayloadIsAProgrammingError() {
        ChannelFixture f = ChannelFixture.client();

        assertThatThrownBy(() -> f.channel.trySend(PayloadType.OUTPUT, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(f.channel.nextSequenceNumber()).isZero();
    }

    @Test
    void theMessageIdsComeFromTheConfiguredSource() {
        ChannelFixture f = ChannelFixture.client();

        f.send("a");

        assertThat(f.transport.drain().get(0).messageId()).isEqualTo(new UUID(0x4000L, 1));
    }
}
