package dev.warden.sandbox.agent.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.Flags;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.Acknowledgement;
import dev.warden.protocol.payload.ChannelClosed;
import dev.warden.protocol.testing.SharedVectors;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transcript c (the official plugin 1.2.677.0 in a Standard_Stream shell: Size, "echo hi", Ctrl-C, a resize,
 * "exit") replayed against the sandbox with its original timing: the sandbox answers what the plugin expects.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShellTranscriptTest {

    private static final String TRANSCRIPT = "transcripts/c-shell.jsonl";

    private static ShellSandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = new ShellSandbox("");
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    /** One stream message the plugin sent, at its time in the transcript. */
    private record Input(long sequenceNumber, PayloadType type, byte[] payload, double atMillis) {
    }

    @Test
    void theOfficialPluginsShellSessionGetsTheAnswersItExpects() throws Exception {
        List<Input> inputs = firstSendsOfTheClient();
        assertThat(inputs).hasSize(16);

        try (ShellClient client = sandbox.openShell()) {
            // The plugin sends nothing before the agent's first Output (the prompt) has arrived.
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.received().isEmpty());
            long start = System.nanoTime();
            for (Input input : inputs) {
                long due = start + (long) ((input.atMillis() - inputs.get(0).atMillis()) * 1_000_000);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                client.sendRaw(input.type(), input.payload());
            }

            ChannelClosed closed = client.channelClosed().get(10, TimeUnit.SECONDS);

            assertThat(closed.output()).as("the plugin then prints 'Exiting session with sessionId'").isEmpty();
            assertThat(client.terminalText())
                    .contains("echo hi\nhi\n")  // the terminal echoes each key, then the command's output
                    .contains("^C")             // the terminal's answer to Ctrl-C
                    .contains("exit\n");
            assertOutputFramesAreNumberedLikeTheAgents(client.agentFrames());
            assertThat(acknowledgedSequenceNumbers(client.agentFrames()))
                    .containsAll(LongStream.range(0, inputs.size()).boxed().toList());
            // Output only, as in the recording: a shell session sends no exit code.
            List<PayloadType> types = client.received().stream().map(ShellClient.Received::type).distinct().toList();
            assertThat(types).containsExactly(PayloadType.OUTPUT);
        }
    }

    /** The plugin's input_stream_data messages, each sequence number once (its retransmissions left out). */
    private static List<Input> firstSendsOfTheClient() {
        Set<Long> seen = new HashSet<>();
        return SharedVectors.readLines(TRANSCRIPT).stream()
                .filter(line -> "client->server".equals(line.path("dir").asText())
                        && "binary".equals(line.path("wsType").asText())
                        && MessageTypes.INPUT_STREAM_DATA.equals(line.path("frame").path("messageType").asText()))
                .filter(line -> seen.add(line.path("frame").path("sequenceNumber").asLong()))
                .map(ShellTranscriptTest::input)
                .toList();
    }

    private static Input input(JsonNode line) {
        JsonNode frame = line.path("frame");
        return new Input(frame.path("sequenceNumber").asLong(),
                PayloadType.fromCode(frame.path("payloadType").asInt()).orElseThrow(),
                Base64.getDecoder().decode(line.path("payloadBase64").asText()),
                line.path("tMs").asDouble());
    }

    /** Numbered from 0 without gaps; the first flagged SYN, the others not (agent-side.md §3.1). */
    private static void assertOutputFramesAreNumberedLikeTheAgents(List<ClientMessage> frames) {
        List<ClientMessage> outputs = frames.stream()
                .filter(f -> MessageTypes.OUTPUT_STREAM_DATA.equals(f.messageType()))
                .toList();
        assertThat(outputs).isNotEmpty();
        List<Long> firstSends = outputs.stream().map(ClientMessage::sequenceNumber).distinct().toList();
        assertThat(firstSends).isEqualTo(LongStream.range(0, firstSends.size()).boxed().toList());
        assertThat(outputs).allSatisfy(f -> assertThat(f.flags())
                .isEqualTo(f.sequenceNumber() == 0 ? Flags.SYN : 0L));
    }

    private static Set<Long> acknowledgedSequenceNumbers(List<ClientMessage> frames) {
        return frames.stream()
                .filter(f -> MessageTypes.ACKNOWLEDGE.equals(f.messageType()))
                .map(f -> Acknowledgement.decode(f.payload()))
                .filter(Decoding::isOk)
                .map(d -> d.value().acknowledgedSequenceNumber())
                .collect(Collectors.toSet());
    }
}
