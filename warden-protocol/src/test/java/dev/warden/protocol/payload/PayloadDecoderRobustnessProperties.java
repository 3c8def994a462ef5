package dev.warden.protocol.payload;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.PayloadType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No payload decoder throws, whatever arrives: arbitrary bytes and damaged copies of real payloads decode
 * to a value or to a typed failure.
 */
class PayloadDecoderRobustnessProperties {

    /** Real payloads from the shared vectors' shapes, to be damaged. */
    private static final List<String> SEEDS = List.of(
            "{\"cols\":120,\"rows\":40}",
            "EXIT_CODE: 2",
            "{\"HandshakeTimeToComplete\":15263451,\"CustomerMessage\":\"\"}",
            "{\"AgentVersion\":\"3.3.1142.0\",\"RequestedClientActions\":[{\"ActionType\":\"SessionType\",\"ActionParameters\":"
                    + "{\"SessionType\":\"Port\",\"Properties\":{\"portNumber\":\"22\"}}},{\"ActionType\":\"KMSEncryption\","
                    + "\"ActionParameters\":{\"KMSKeyId\":\"arn:aws:kms:us-east-1:1:key/x\",\"Challenge\":\"83pDh+rUSJm0VwU9x+sF8A==\"}}]}",
            "{\"ClientVersion\":\"1.2.677.0\",\"ProcessedClientActions\":[{\"ActionType\":\"KMSEncryption\",\"ActionStatus\":1,"
                    + "\"ActionResult\":{\"KMSCipherTextKey\":\"AQID\",\"KMSCipherTextHash\":null},\"Error\":\"\"}],\"Errors\":null}",
            "{\"Challenge\":\"oKGio6SlpqeoqaqrUgb8a+uIYmwyZs29\"}",
            "{\"MessageId\":\"e7a3\",\"CreatedDate\":\"2023-11-14T22:13:29.000Z\",\"DestinationId\":\"i-1\",\"SessionId\":\"s\","
                    + "\"MessageType\":\"channel_closed\",\"SchemaVersion\":1,\"Output\":\"\"}",
            "{\"SchemaVersion\":1,\"SessionState\":\"Connected\",\"SessionId\":\"s\"}",
            "{\"MessageSchemaVersion\":\"1.0\",\"RequestId\":\"r\",\"TokenValue\":\"t\",\"ClientId\":\"c\",\"ClientVersion\":\"1\"}");

    private static final List<Function<byte[], Decoding<?>>> DECODERS = decoders();

    @Property(tries = 3000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 300) byte[] input) {
        for (Function<byte[], Decoding<?>> decoder : DECODERS) {
            assertThat(decoder.apply(input)).isNotNull();
        }
    }

    @Property(tries = 3000)
    void damagedPayloadsNeverThrow(@ForAll("damaged") byte[] input) {
        for (Function<byte[], Decoding<?>> decoder : DECODERS) {
            Decoding<?> result = decoder.apply(input);
            assertThat(result).isNotNull();
            if (!result.isOk()) {
                assertThat(result.error().detail()).isNotBlank();
            }
        }
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        Arbitrary<byte[]> seeds = Arbitraries.of(SEEDS).map(seed -> seed.getBytes(StandardCharsets.UTF_8));
        return seeds.flatMap(seed -> Arbitraries.integers().between(0, seed.length - 1).list().ofMinSize(1).ofMaxSize(3)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size())
                        .map(replacements -> damage(seed, positions, replacements))));
    }

    @Property(tries = 200)
    void truncatedPayloadsAreRefusedNotThrown(@ForAll @IntRange(max = 8) int seedIndex, @ForAll @IntRange(max = 1000) int cut) {
        byte[] seed = SEEDS.get(seedIndex).getBytes(StandardCharsets.UTF_8);
        byte[] truncated = java.util.Arrays.copyOf(seed, cut % seed.length);
        for (Function<byte[], Decoding<?>> decoder : DECODERS) {
            assertThat(decoder.apply(truncated)).isNotNull();
        }
    }

    private static byte[] damage(byte[] seed, List<Integer> positions, List<Byte> replacements) {
        byte[] copy = seed.clone();
        for (int i = 0; i < positions.size(); i++) {
            copy[positions.get(i)] = replacements.get(i);
        }
        return copy;
    }

    private static List<Function<byte[], Decoding<?>>> decoders() {
        List<Function<byte[], Decoding<?>>> decoders = new ArrayList<>();
        for (PayloadType type : PayloadType.values()) {
            decoders.add(bytes -> StreamPayloads.decode(type, bytes));
        }
        decoders.add(ChannelClosed::decode);
        decoders.add(AgentSessionState::decode);
        decoders.add(OpenDataChannel::decode);
        return decoders;
    }
}
