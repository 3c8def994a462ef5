package dev.warden.sandbox.shell;

import static dev.warden.sandbox.shell.ShellTestSupport.isAlive;
import static dev.warden.sandbox.shell.ShellTestSupport.threadRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommandProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(10);

    @TempDir
    Path workDir;

    @RegisterExtension
    final SessionProcesses processes = new SessionProcesses();

    private CommandProcess start(CommandSpec.Builder spec, RecordingListener listener) throws ProcessStartException {
        return processes.track(CommandProcess.start(spec.workingDirectory(workDir).build(), listener,
                processes.eventLoop()));
    }

    private static void awaitExit(RecordingListener listener) {
        await().atMost(WAIT).pollInterval(POLL).until(listener::exited);
    }

    private void createFlag(String name) throws Exception {
        Files.createFile(workDir.resolve(name));
    }

    /** A shell snippet that waits (in the child, not the test) until the test creates a flag file. */
    private static String waitFor(String flag) {
        return "while [ ! -e " + flag + " ]; do sleep 0.01; done; ";
    }

    @Test
    void separatesStdoutAndStderrWithTheirPrefixesAndReportsTheExitCode() throws Exception {
        RecordingListener listener = new RecordingListener();
        start(CommandSpec.nonInteractiveCommands("sh -c 'printf \"out\\n\"; printf \"err\\n\" >&2; exit 4'")
                .separateOutput("OUT:", "ERR:"), listener);

        awaitExit(listener);

        assertThat(listener.text(OutputKind.OUTPUT)).isEqualTo("OUT:out\n");
        assertThat(listener.text(OutputKind.STDERR)).isEqualTo("ERR:err\n");
        assertThat(listener.exitCode()).isEqualTo(4);
        assertThat(listener.outputAfterExit()).isFalse();
        assertThat(listener.chunks()).allSatisfy(c -> assertThat(c.thread()).isEqualTo(EventLoop.THREAD_NAME));
        assertThat(listener.exitThreads()).containsExactly(EventLoop.THREAD_NAME);
    }

    @Test
    void thePrefixFollowsReadsThatEndInANewlineOnly() throws Exception {
        RecordingListener listener = new RecordingListener();
        start(CommandSpec.nonInteractiveCommands("sh -c '"
                        + "printf one; " + waitFor("flag1")
                        + "printf \" more\\n\"; " + waitFor("flag2")
                        + "printf \"two\\n\"'")
                .separateOutput("OUT:", ""), listener);

        await().atMost(WAIT).pollInterval(POLL).until(() -> listener.text(OutputKind.OUTPUT).equals("OUT:one"));
        createFlag("flag1");
        await().atMost(WAIT).pollInterval(POLL).until(() -> listener.text(OutputKind.OUTPUT).endsWith("\n"));
        createFlag("flag2");
        awaitExit(listener);

        assertThat(listener.text(OutputKind.OUTPUT)).isEqualTo("OUT:one more\nOUT:two\n");
        assertThat(listener.chunks(OutputKind.STDERR)).isEmpty();
    }

    @ParameterizedTest(name = "exit {0}")
    @ValueSource(ints = {0, 1, 42})
    void reportsTheCommandsExitCode(int code) throws Exception {
        RecordingListener listener = new RecordingListener();
        CommandProcess command = start(CommandSpec.nonInteractiveCommands("sh -c 'exit " + code + "'")
                .separateOutput("", ""), listener);

        awaitExit(listener);
        assertThat(listener.exitCode()).isEqualTo(code);
        assertThat(command.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(code);
    }

    @Test
    void runsTheProgramDirectlyWithoutAShell() throws Exception {
        RecordingListener listener = new RecordingListener();
        // A shell would expand these; shlex and exec pass them on literally.
        start(CommandSpec.nonInteractiveCommands("printf '%s|' $HOME '*' \"a b\" ''").separateOutput("", ""), listener);

        awaitExit(listener);
        assertThat(listener.text(OutputKind.OUTPUT)).isEqualTo("$HOME|*|a b||");
    }

    @Test
    void stdinIsAtEndOfFileAndTheAgentsEnvironmentRulesApply() throws Exception {
        RecordingListener listener = new RecordingListener();
        start(CommandSpec.nonInteractiveCommands("sh -c 'cat; echo \"term=$TERM\"'").separateOutput("", ""), listener);

        awaitExit(listener);
        assertThat(listener.text(OutputKind.OUTPUT)).isEqualTo("term=xterm-256color\n");
        assertThat(listener.exitCode()).isZero();
    }

    @ParameterizedTest(name = "control byte {0} -> exit {1}")
    @CsvSource({"3, 7, INT", "28, 8, QUIT"})
    void controlBytesSignalTheCommand(int controlByte, int exitCode, String signal) throws Exception {
        RecordingListener listener = new RecordingListener();
        CommandProcess command = start(CommandSpec.nonInteractiveCommands("sh -c '"
                        + "trap \"echo got-" + signal + "; exit " + exitCode + "\" " + signal + "; "
                        + "echo ready; while :; do sleep 0.02; done'")
                .separateOutput("", ""), listener);
        await().atMost(WAIT).pollInterval(POLL).until(() -> listener.text(OutputKind.OUTPUT).contains("ready"));

        // Ordinary bytes around the control byte are ignored.
        command.write(new byte[] {'x', (byte) controlByte, 'y'}).get(5, TimeUnit.SECONDS);

        awaitExit(listener);
        assertThat(listener.exitCode()).isEqualTo(exitCode);
        assertThat(listener.text(OutputKind.OUTPUT)).contains("got-" + signal);
    }

    @Test
    void controlCKillsACommandThatDoesNotHandleIt() throws Exception {
        RecordingListener listener = new RecordingListener();
        CommandProcess command = start(CommandSpec.nonInteractiveCommands("sleep 100").separateOutput("", ""),
                listener);

        command.write(new byte[] {0x03}).get(5, TimeUnit.SECONDS);

        awaitExit(listener);
        assertThat(listener.exitCode()).as("Java reports death by SIGINT as 128 + 2").isEqualTo(130);
    }

    @Test
    void otherInputIsIgnored() throws Exception {
        RecordingListener listener = new RecordingListener();
        CommandProcess command = start(CommandSpec.nonInteractiveCommands("sleep 100").separateOutput("", ""),
                listener);

        command.write("echo hi\r".getBytes()).get(5, TimeUnit.SECONDS);

        await().during(Duration.ofMillis(200)).atMost(WAIT).pollInterval(POLL)
                .until(() -> isAlive(command.pid()) && !listener.exited());
    }

    @Test
    void combinedOutputArrivesOnlyAfterTheCommandHasExited(@TempDir Path spool) throws Exception {
        RecordingListener listener = new RecordingListener();
        CommandProcess command = start(CommandSpec.nonInteractiveCommands("sh -c '"
                        + "printf early; printf err >&2; " + waitFor("flag") + "printf late; exit 5'")
                .spoolDirectory(spool), listener);

        await().during(Duration.ofMillis(300)).atMost(WAIT).pollInterval(POLL)
                .until(() -> listener.chunks().isEmpty() && isAlive(command.pid()));
        createFlag("flag");
        awaitExit(listener);

        assertThat(listener.text(OutputKind.OUTPUT)).isEqualTo("earlyerrlate");
        assertThat(listener.chunks(OutputKind.STDERR)).isEmpty();
        assertThat(listener.exitCode()).isEqualTo(5);
        command.whenTerminated().get(5, TimeUnit.SECONDS);
        try (Stream<Path> left = Files.list(spool)) {
            assertThat(left).as("the spool file is removed").isEmpty();
        }
    }

    @Test
    void pausedSeparateOutputWaitsInThePipeAndLosesNothing() throws Exception {
        int total = 300_000;
        RecordingListener listener = new RecordingListener();
        CommandProcess command = start(CommandSpec.nonInteractiveCommands(
                        "sh -c 'yes a | tr -d \"\\n\" | head -c " + total + "'")
                .separateOutput("OUT:", "")
                .startPaused(true), listener);

        // Far more than a pipe holds: the writer blocks while nothing is read.
        await().during(Duration.ofMillis(300)).atMost(WAIT).pollInterval(POLL)
                .until(() -> listener.chunks().isEmpty() && isAlive(command.pid()));
        command.resume();
        awaitExit(listener);

        assertThat(listener.text(OutputKind.OUTPUT)).isEqualTo("OUT:" + "a".repeat(total));
        assertThat(listener.chunks()).allSatisfy(c -> assertThat(c.bytes().length).isLessThanOrEqualTo(1024));
    }

    @Test
    void closeKillsTheCommandAndItsChildren() throws Exception {
        RecordingListener listener = new RecordingListener();
        CommandProcess command = start(CommandSpec.nonInteractiveCommands("sh -c 'sleep 100 & echo child=$!; wait'")
                .separateOutput("", ""), listener);
        await().atMost(WAIT).pollInterval(POLL)
                .until(() -> listener.text(OutputKind.OUTPUT).matches("child=\\d+\\n"));
        Matcher matcher = Pattern.compile("child=(\\d+)").matcher(listener.text(OutputKind.OUTPUT));
        assertThat(matcher.find()).isTrue();
        long child = Long.parseLong(matcher.group(1));

        command.close();
        command.close();

        assertThat(command.whenTerminated().get(10, TimeUnit.SECONDS)).isEqualTo(128 + 9);
        assertThat(isAlive(command.pid())).isFalse();
        await().atMost(WAIT).pollInterval(POLL).until(() -> !isAlive(child));
        await().atMost(WAIT).pollInterval(POLL).until(() -> !threadRunning("warden-command-stdout-" + command.pid())
                && !threadRunning("warden-command-stderr-" + command.pid()));
        assertThat(listener.exitCalls()).isZero();
    }

    @Test
    void anUnterminatedQuoteFailsWithTheAgentsText() {
        assertThatThrownBy(() -> start(CommandSpec.nonInteractiveCommands("echo 'oops"), new RecordingListener()))
                .isInstanceOfSatisfying(ProcessStartException.class, e -> {
                    assertThat(e.stage()).isEqualTo(ProcessStartException.Stage.PREPARING);
                    assertThat(e.getMessage()).isEqualTo(
                            "Unable to start command: Failed to parse commands input: EOF found when expecting closing quote");
                    assertThat(e.agentText()).isEqualTo(
                            "Unable to start command: Failed to parse commands input: EOF found when expecting closing quote\n\n");
                });
    }

    @Test
    void aMissingProgramFailsAtLaunchWithGosText() {
        assertThatThrownBy(() -> start(CommandSpec.nonInteractiveCommands("no-such-program-for-warden --flag"),
                new RecordingListener()))
                .isInstanceOfSatisfying(ProcessStartException.class, e -> {
                    assertThat(e.stage()).isEqualTo(ProcessStartException.Stage.LAUNCHING);
                    assertThat(e.agentText())
                            .isEqualTo("exec: \"no-such-program-for-warden\": executable file not found in $PATH");
                });
    }

    @Test
    void aCommentOnlyCommandLineIsRefused() {
        assertThatThrownBy(() -> start(CommandSpec.nonInteractiveCommands("# nothing to run"), new RecordingListener()))
                .isInstanceOf(ProcessStartException.class)
                .hasMessage("Unable to start command: Failed to parse commands input: no command");
    }

    @Test
    void prefixesAreValidatedWithTheAgentsRule() {
        assertThatThrownBy(() -> CommandSpec.nonInteractiveCommands("true").separateOutput("a b", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid stdoutSeparatorPrefix a b");
        assertThatThrownBy(() -> CommandSpec.nonInteractiveCommands("true").separateOutput("", "x".repeat(31)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid stderrSeparatorPrefix");
        CommandSpec spec = CommandSpec.nonInteractiveCommands("true").separateOutput("A_b-1:\r\n", "").build();
        assertThat(spec.stdoutPrefix()).isEqualTo("A_b-1:\r\n");
    }

    @Test
    void blankCommandsAreRefusedWithTheAgentsText() {
        assertThatThrownBy(() -> CommandSpec.nonInteractiveCommands("  "))
                .hasMessage("Commands cannot be empty for session type NonInteractiveCommands");
    }
}
