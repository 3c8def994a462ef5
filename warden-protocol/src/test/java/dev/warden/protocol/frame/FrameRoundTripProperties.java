package dev.warden.protocol.frame;

import dev.warden.protocol.Decoding;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Any message a sender may write survives encode then decode unchanged, and re-encodes to the same bytes. */
class FrameRoundTripProperties {

    @Property(tries = 2000)
    void encodeThenDecodeIsTheIdentity(@ForAll("messages") ClientMessage message) {
        byte[] wire = FrameCodec.encodeToArray(message);

        assertThat(wire).hasSize(FrameCodec.FIXED_LENGTH + message.payload().length);
        Decoding<ClientMessage> decoded = FrameCodec.decode(wire);
        assertThat(decoded.isOk()).as("%s", decoded).isTrue();
        assertThat(decoded.value()).isEqualTo(message);
        assertThat(FrameCodec.encodeToArray(decoded.value())).isEqualTo(wire);
    }

    @Provide
    Arbitrary<ClientMessage> messages() {
        Arbitrary<String> types = Arbitraries.oneOf(
                Arbitraries.of(MessageTypes.INPUT_STREAM_DATA, MessageTypes.OUTPUT_STREAM_DATA,
                        MessageTypes.ACKNOWLEDGE, MessageTypes.CHANNEL_CLOSED, MessageTypes.START_PUBLICATION,
                        MessageTypes.PAUSE_PUBLICATION),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(32));
        Arbitrary<UUID> ids = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
        return Combinators.combine(
                types,
                Arbitraries.integers(),
                Arbitraries.longs().filter(date -> date != 0),
                Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.longs(),
                ids,
                Arbitraries.integers(),
                payloads).as(ClientMessage::new);
    }
}
