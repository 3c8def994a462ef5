package dev.warden.protocol.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.testing.SharedVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What a received acknowledgement does to the outgoing window. */
class ReliableChannelAcknowledgementTest {

    private static final Pattern STILL_UNACKNOWLEDGED = Pattern.compile("still unacknowledged: \\[([0-9 ]*)]");

    /**
     * acks.json "receiveBehaviour": the client has sent seq 0 'a' and seq 1 'b'; each ack payload must leave the
     * same messages unacknowledged as in the official client. One deliberate difference: an ack without a
     * sequence number is refused here, where Go reads it as 0 and acknowledges seq 0 by accident.
     */
    @TestFactory
    List<DynamicTest> theOfficialReceiveBehaviourHolds() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode check : SharedVectors.read("acks.json").get("receiveBehaviour").get("checks")) {
            String name = check.get("name").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                ChannelFixture f = ChannelFixture.client();
                f.send("a");
                f.send("b");

                f.receive(f.ackWithPayload(check.get("ackPayloadText").asText().getBytes(StandardCharsets.UTF_8)));

                List<Long> expected = name.equals("missing-sequence-field")
                        ? List.of(0L, 1L)
                        : stillUnacknowledged(check.get("pluginOutcome").asText());
                assertThat(f.channel.unacknowledgedSequenceNumbers()).isEqualTo(expected);
                boolean refused = name.equals("missing-sequence-field") || name.equals("sequence-as-string");
                assertThat(f.listener.invalid).hasSize(refused ? 1 : 0);
            }));
        }
        return tests;
    }

    private static List<Long> stillUnacknowledged(String outcome) {
        Matcher matcher = STILL_UNACKNOWLEDGED.matcher(outcome);
        assertThat(matcher.find()).as(outcome).isTrue();
        String numbers = matcher.group(1).trim();
        return numbers.isEmpty() ? List.of() : Arrays.stream(numbers.split(" ")).map(Long::valueOf).toList();
    }

    @Test
    void anAcknowledgedMessageIsNeverWrittenAgain() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.receive(f.ackFor(0));
        f.transport.frames.clear();

        f.runFor(60_000);

        assertThat(f.transport.frames).isEmpty();
        assertThat(f.channel.nextDeadlineNanos()).isEmpty();
        assertThat(f.channel.stats().messagesAcknowledged()).isEqualTo(1);
    }

    @Test
    void aRepeatedOrUnknownAcknowledgementIsCountedAndIgnored() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.send("b");

        f.receive(f.ackFor(1));
        f.receive(f.ackFor(1));
        f.receive(f.ackFor(99));
        f.receive(f.ackFor(-1));

        assertThat(f.channel.unacknowledgedSequenceNumbers()).containsExactly(0L);
        assertThat(f.channel.stats().messagesAcknowledged()).isEqualTo(1);
        assertThat(f.channel.stats().unknownAcknowledgements()).isEqualTo(3);
    }

    @Test
    void anAcknowledgementThatIsNotJsonIsReportedAndChangesNothing() {
        ChannelFixture f = ChannelFixture.client();
        f.send("a");
        f.transport.frames.clear();

        f.receive(f.ackWithPayload("not json".getBytes(StandardCharsets.UTF_8)));

        assertThat(f.channel.unacknowledgedSequenceNumbers()).containsExactly(0L);
        assertThat(f.listener.invalid).extracting(e -> e.kind()).containsExactly(Kind.BAD_PAYLOAD);
        assertThat(f.channel.stats().invalidFrames()).isEqualTo(1);
        assertThat(f.transport.frames).as("never acknowledged").isEmpty();
    }

    @Test
    void acknowledgementsAreNeverAcknowledgedNorPassedOn() {
        ChannelFixture f = ChannelFixture.client();

        f.receive(f.ackFor(0));

        assertThat(f.transport.frames).isEmpty();
        assertThat(f.listener.serviceMessages).isEmpty();
        assertThat(f.listener.delivered).isEmpty();
    }
}
