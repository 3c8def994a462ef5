package dev.warden.sandbox.agent.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.ChannelClosed;
import dev.warden.sandbox.agent.shell.ShellClient.Received;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shell sessions end to end: the sandbox's data plane over a real websocket, the emulated agent's shell plugin,
 * real shells in real pseudo-terminals, and a client that behaves like the official one.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShellSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(10);
    /*
     * Input typed before the shell has printed its first prompt is echoed by the terminal at once, ahead of that
     * prompt; the shell then prints the prompt, reads the line and answers on the prompt's line ("# shell=42").
     * A real terminal does the same with typed-ahead input, so the answer may follow the shell's prompt.
     */
    /** The line a shell prints for {@code echo bg=$!}: the process id of its background job. */
    private static final Pattern BACKGROUND = Pattern.compile("(?m)^(?:[#$] )?bg=(\\d+)$");
    /** The line a shell prints for {@code echo shell=$$}: its own process id. */
    private static final Pattern SHELL = Pattern.compile("(?m)^(?:[#$] )?shell=(\\d+)$");

    private static ShellSandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = new ShellSandbox("");
        sandbox.createDocument("Test-BadPrefix", """
                {"schemaVersion": "1.0", "description": "An invalid prefix", "sessionType": "NonInteractiveCommands",
                 "properties": {"linux": {"commands": "echo never", "separateOutputStream": "true",
                                          "stdOutSeparatorPrefix": "no spaces!", "stdErrSeparatorPrefix": ""}}}
                """);
        sandbox.createDocument("Test-SeparateOutput", """
                {"schemaVersion": "1.0", "description": "Separate output streams",
                 "sessionType": "NonInteractiveCommands",
                 "parameters": {"command": {"type": "String", "description": "the command"}},
                 "properties": {"linux": {"commands": "{{ command }}", "separateOutputStream": true,
                                          "stdOutSeparatorPrefix": "OUT:", "stdErrSeparatorPrefix": "ERR:"}}}
                """);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private static void awaitText(ShellClient client, String expected) {
        await().atMost(WAIT).pollInterval(POLL).until(() -> client.terminalText().contains(expected));
    }

    private static ChannelClosed awaitClosed(ShellClient client) throws Exception {
        return client.channelClosed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void standardStreamRunsCommandsAndEndsWithoutAnExitCodeAsTheAgentDoes() throws Exception {
        try (ShellClient client = sandbox.openShell()) {
            client.type("echo hi-$((40 + 2))\r");
            awaitText(client, "hi-42\n");

            client.type("exit 3\r");

            ChannelClosed closed = awaitClosed(client);
            assertThat(closed.output()).isEmpty();
            List<Received> received = client.received();
            assertThat(received.get(0).type()).isEqualTo(PayloadType.OUTPUT);
            // agent-side.md §5.5: a shell's exit status is not sent; only output, then channel_closed.
            assertThat(received).extracting(Received::type).containsOnly(PayloadType.OUTPUT);
            assertThat(client.exitCode()).isEmpty();
        }
    }

    @Test
    void sizeMessagesResizeTheTerminal() throws Exception {
        try (ShellClient client = sandbox.openShell()) {
            client.resize(123, 45);
            client.type("echo size=$(stty size)\r");
            awaitText(client, "size=45 123\n");

            client.resize(80, 24);
            client.type("echo size=$(stty size)\r");
            awaitText(client, "size=24 80\n");

            client.type("exit\r");
            awaitClosed(client);
            assertThat(client.exitCode()).as("only separate-output commands report one").isEmpty();
        }
    }

    @Test
    void controlCInterruptsTheForegroundJobAndTheShellCarriesOn() throws Exception {
        try (ShellClient client = sandbox.openShell()) {
            client.type("echo shell=$$; sleep 20 && echo slept\r");
            await().atMost(WAIT).pollInterval(POLL).until(() -> SHELL.matcher(client.terminalText()).find());
            Matcher shell = SHELL.matcher(client.terminalText());
            assertThat(shell.find()).isTrue();
            long shellPid = Long.parseLong(shell.group(1));
            // Ctrl-C is meant for sleep, the foreground job: wait until the shell has started it.
            await().atMost(WAIT).pollInterval(POLL).until(() -> ProcessHandle.of(shellPid).stream()
                    .flatMap(ProcessHandle::descendants)
                    .anyMatch(p -> p.info().command().map(c -> c.endsWith("sleep")).orElse(false)));

            client.sendBytes((byte) 0x03);
            client.type("echo rc=$?\r");

            awaitText(client, "rc=130\n");
            assertThat(client.terminalText()).doesNotContainPattern("(?m)^slept$");
            client.type("exit\r");
            awaitClosed(client);
        }
    }

    @Test
    void interactiveCommandsRunTheDocumentsCommandsInATerminal() throws Exception {
        try (ShellClient client = sandbox.open("AWS-StartInteractiveCommand", Map.of("command", "tty; exit 4"))) {
            awaitClosed(client);

            assertThat(client.terminalText()).containsPattern("/dev/pts/[0-9]+\n");
            assertThat(client.exitCode()).as("only separate-output commands report one").isEmpty();
        }
    }

    @Test
    void nonInteractiveCommandsWithSeparateStreamsSendStdoutStderrAndTheExitCode() throws Exception {
        try (ShellClient client = sandbox.open("Test-SeparateOutput",
                Map.of("command", "sh -c 'echo out; echo err >&2; exit 5'"))) {
            awaitClosed(client);

            assertThat(client.text(PayloadType.OUTPUT)).isEqualTo("OUT:out\n");
            assertThat(client.text(PayloadType.STDERR)).isEqualTo("ERR:err\n");
            assertThat(client.exitCode()).hasValue(5);
            List<Received> received = client.received();
            assertThat(received.get(received.size() - 1).type()).isEqualTo(PayloadType.EXIT_CODE);
        }
    }

    @Test
    void nonInteractiveCommandsCombineTheirOutputByDefault() throws Exception {
        try (ShellClient client = sandbox.open("AWS-StartNonInteractiveCommand",
                Map.of("command", "sh -c 'echo one; echo two >&2; exit 2'"))) {
            awaitClosed(client);

            assertThat(client.text(PayloadType.OUTPUT)).isEqualTo("one\ntwo\n");
            assertThat(client.bytes(PayloadType.STDERR)).isEmpty();
            assertThat(client.exitCode()).as("combined output ends without an exit code, as with the agent")
                    .isEmpty();
        }
    }

    @Test
    void controlCSignalsANonInteractiveCommand() throws Exception {
        try (ShellClient client = sandbox.open("Test-SeparateOutput",
                Map.of("command", "sh -c 'echo started; exec sleep 20'"))) {
            await().atMost(WAIT).pollInterval(POLL).until(() -> client.text(PayloadType.OUTPUT).contains("started"));

            client.sendBytes((byte) 0x03);

            awaitClosed(client);
            assertThat(client.exitCode()).hasValue(128 + 2);
        }
    }

    @Test
    void aNonInteractiveProgramThatCannotRunReportsGosErrorAsStderr() throws Exception {
        try (ShellClient client = sandbox.open("Test-SeparateOutput",
                Map.of("command", "no-such-program-for-warden"))) {
            awaitClosed(client);

            assertThat(client.received()).extracting(Received::type)
                    .containsExactly(PayloadType.EXIT_CODE, PayloadType.STDERR);
            assertThat(client.exitCode()).hasValue(1);
            assertThat(client.text(PayloadType.STDERR))
                    .isEqualTo("exec: \"no-such-program-for-warden\": executable file not found in $PATH");
        }
    }

    @Test
    void inputAShellDoesNotReadYetIsRefusedAndSentAgainWithoutLoss() throws Exception {
        byte[] paste = new byte[1_500_000]; // more than the terminal and the agent's 1 MiB input queue hold
        new Random(7).nextBytes(paste);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(paste));
        try (ShellClient client = sandbox.open("AWS-StartInteractiveCommand", Map.of("command",
                "stty raw -echo; echo ready; sleep 2; head -c " + paste.length + " | md5sum"))) {
            awaitText(client, "ready");

            client.paste(paste);

            awaitClosed(client);
            assertThat(client.terminalText()).contains(md5);
            assertThat(client.exitCode()).as("only separate-output commands report one").isEmpty();
            // Unacknowledged input is what made the client send it again.
            assertThat(client.stats().messagesRetransmitted()).isPositive();
        }
    }

    @Test
    void terminateSessionKillsTheShellAndEverythingItStarted() throws Exception {
        try (ShellClient client = sandbox.openShell()) {
            client.type("sleep 300 & echo bg=$!\r");
            await().atMost(WAIT).pollInterval(POLL).until(() -> BACKGROUND.matcher(client.terminalText()).find());
            Matcher pid = BACKGROUND.matcher(client.terminalText());
            assertThat(pid.find()).isTrue();
            long sleeper = Long.parseLong(pid.group(1));
            assertThat(ProcessHandle.of(sleeper)).isPresent();

            sandbox.terminate(client.sessionId());

            awaitClosed(client);
            await().atMost(WAIT).pollInterval(POLL)
                    .until(() -> ProcessHandle.of(sleeper).map(p -> !p.isAlive()).orElse(true));
            assertThat(client.exitCode()).as("a cancelled shell has no exit code").isEmpty();
        }
    }

    @Test
    void anInvalidSeparatorPrefixFailsTheSessionWithTheAgentsText() throws Exception {
        try (ShellClient client = sandbox.open("Test-BadPrefix", Map.of())) {
            ChannelClosed closed = awaitClosed(client);

            assertThat(closed.output()).isEqualTo("invalid stdoutSeparatorPrefix no spaces!");
            assertThat(client.received()).isEmpty();
        }
    }

    @Test
    void outputSurvivesADroppedConnectionAndAResumedSession() throws Exception {
        int lines = 300_000;
        try (ShellClient client = sandbox.open("AWS-StartInteractiveCommand", Map.of("command", "seq 1 " + lines))) {
            await().atMost(WAIT).pollInterval(POLL).until(() -> client.bytes(PayloadType.OUTPUT).length > 100_000);

            client.dropConnection();
            Thread.sleep(300); // the shell goes on writing; the agent numbers and buffers
            sandbox.resume(client);

            awaitClosed(client);
            assertAllLines(client.terminalText(), lines);
            assertThat(client.exitCode()).as("only separate-output commands report one").isEmpty();
        }
    }

    private static void assertAllLines(String text, int lines) {
        String[] printed = text.split("\n");
        assertThat(printed).hasSize(lines);
        for (int i = 0; i < lines; i++) {
            if (!printed[i].equals(Integer.toString(i + 1))) {
                throw new AssertionError("line " + (i + 1) + " is '" + printed[i] + "'");
            }
        }
    }

    @Test
    void aSlowReaderHoldsTheShellBackAndLosesNothing(@TempDir Path tempDir) throws Exception {
        int lines = 800_000; // about 6 MB through the terminal: more than the agent may leave unacknowledged
        Path done = tempDir.resolve("done");
        try (ShellClient client = sandbox.open("AWS-StartInteractiveCommand",
                Map.of("command", "seq 1 " + lines + "; touch '" + done + "'"))) {
            client.pauseReading();

            // Nothing acknowledged: the agent fills its window, then stops reading the terminal and seq blocks.
            await().during(Duration.ofMillis(1500)).atMost(WAIT).pollInterval(POLL).until(() -> !Files.exists(done));

            client.resumeReading();
            client.channelClosed().get(25, TimeUnit.SECONDS);

            assertThat(done).exists();
            assertAllLines(client.terminalText(), lines);
            assertThat(client.exitCode()).as("only separate-output commands report one").isEmpty();
        }
    }
}
