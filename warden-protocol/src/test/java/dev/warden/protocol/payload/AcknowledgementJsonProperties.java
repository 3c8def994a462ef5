package dev.warden.protocol.payload;

import dev.warden.protocol.Decoding;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapper-free acknowledgement codec writes and reads exactly what the JSON mapper does. */
class AcknowledgementJsonProperties {

    @Property
    void encodingIsByteForByteTheMappers(@ForAll("texts") String type, @ForAll("texts") String id,
                                        @ForAll long sequenceNumber, @ForAll boolean sequential) {
        Acknowledgement ack = new Acknowledgement(type, id, sequenceNumber, sequential);

        assertThat(ack.encode()).isEqualTo(PayloadJson.write(ack));
    }

    @Property
    void decodingAgreesWithTheMapper(@ForAll("payloads") String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        Decoding<Acknowledgement> mapper = PayloadJson.read(payload, Acknowledgement.class);
        Acknowledgement direct = AcknowledgementJson.read(payload);

        if (direct != null) {
            assertThat(mapper.isOk()).isTrue();
            assertThat(direct).isEqualTo(mapper.value());
        }
        assertThat(Acknowledgement.decode(payload).isOk()).isEqualTo(mapper.isOk());
        if (mapper.isOk()) {
            assertThat(Acknowledgement.decode(payload).value()).isEqualTo(mapper.value());
        }
    }

    @Example
    void whatThePeersWriteTakesTheDirectPath() {
        Acknowledgement ack = new Acknowledgement("output_stream_data", "49eb289e-2b4e-4d1a-9c55-0c7f1f2b3a4d",
                4711, true);

        assertThat(AcknowledgementJson.write(ack)).isEqualTo(PayloadJson.write(ack));
        assertThat(AcknowledgementJson.read(PayloadJson.write(ack))).isEqualTo(ack);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.of("output_stream_data", "input_stream_data", "", "49eb289e-2b4e-4d1a-9c55-0c7f1f2b3a4d"),
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().withChars("ab<>&\"\\/\u2028\u00e9 \t").ofMaxLength(6));
    }

    @Provide
    Arbitrary<String> payloads() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.longs().map(Object::toString),
                Arbitraries.of("01", "-0", "-", "1.0", "1e3", "\"1\"", "null", "9223372036854775808",
                        "-9223372036854775808", "999999999999999999"));
        Arbitrary<String> bool = Arbitraries.of("true", "false", "1", "TRUE", "null");
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("{}\":,0123456789abtrue-").ofMaxLength(40),
                net.jqwik.api.Combinators.combine(texts(), texts(), number, bool, Arbitraries.of("", " ", "}", "x"))
                        .as((type, id, n, b, tail) -> "{\"AcknowledgedMessageType\":\"" + type
                                + "\",\"AcknowledgedMessageId\":\"" + id
                                + "\",\"AcknowledgedMessageSequenceNumber\":" + n
                                + ",\"IsSequentialMessage\":" + b + "}" + tail));
    }
}
