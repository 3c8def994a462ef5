package dev.warden.sandbox.shell;

import static dev.warden.sandbox.shell.ShellTestSupport.environmentWithoutLocale;
import static dev.warden.sandbox.shell.ShellTestSupport.isAlive;
import static dev.warden.sandbox.shell.ShellTestSupport.threadRunning;
import static dev.warden.sandbox.shell.ShellTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PtyShellTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(10);

    @RegisterExtension
    final SessionProcesses processes = new SessionProcesses();

    private PtyShell start(PtyShellSpec spec, RecordingListener listener) throws ProcessStartException {
        return processes.track(PtyShell.start(spec, listener, processes.eventLoop()));
    }

    private static void awaitText(RecordingListener listener, String expected) {
        await().atMost(WAIT).pollInterval(POLL).until(() -> listener.text().contains(expected));
    }

    @Test
    void runsCommandsAndReportsTheExitStatusOnTheEventLoop() throws Exception {
        RecordingListener listener = new RecordingListener();
        PtyShell shell = start(PtyShellSpec.interactiveCommands("echo hello; exit 3").build(), listener);

        await().atMost(WAIT).pollInterval(POLL).until(listener::exited);

        assertThat(listener.exitCode()).isEqualTo(3);
        assertThat(listener.text()).contains("hello");
        assertThat(listener.outputAfterExit()).isFalse();
        assertThat(listener.chunks()).allSatisfy(chunk -> assertThat(chunk.thread()).isEqualTo(EventLoop.THREAD_NAME));
        assertThat(listener.exitThreads()).containsExactly(EventLoop.THREAD_NAME);
        assertThat(shell.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(3);
        await().atMost(WAIT).pollInterval(POLL).until(() ->
                !threadRunning("warden-pty-output-" + shell.pid()) && !threadRunning("warden-pty-input-" + shell.pid()));
        assertThat(isAlive(shell.pid())).isFalse();
    }

    @Test
    void theShellsTerminalIsAPseudoTerminal() throws Exception {
        RecordingListener listener = new RecordingListener();
        start(PtyShellSpec.interactiveCommands("tty").build(), listener);

        await().atMost(WAIT).pollInterval(POLL).until(listener::exited);

        assertThat(listener.text()).containsPattern("^/dev/pts/[0-9]+\\n");
        assertThat(listener.exitCode()).isZero();
    }

    @Test
    void sttySeesTheInitialSizeAndEveryResize() throws Exception {
        RecordingListener listener = new RecordingListener();
        PtyShell shell = start(PtyShellSpec.standardStream().initialSize(new TerminalSize(100, 40)).build(), listener);

        shell.write(utf8("echo size=$(stty size)\n"));
        awaitText(listener, "size=40 100");

        shell.resize(new TerminalSize(120, 50));
        assertThat(shell.size()).isEqualTo(new TerminalSize(120, 50));
        shell.write(utf8("echo size=$(stty size)\n"));
        awaitText(listener, "size=50 120");

        shell.write(utf8("exit\n"));
        await().atMost(WAIT).pollInterval(POLL).until(listener::exited);
        assertThat(listener.exitCode()).isZero();
    }

    @Test
    void theShellProfileRunsBeforeTheFirstUserInput() throws Exception {
        RecordingListener listener = new RecordingListener();
        PtyShell shell = start(PtyShellSpec.standardStream().shellProfile("PROFILE_VAR=from-profile").build(), listener);

        shell.write(utf8("echo \"[${PROFILE_VAR:-unset}]\"; exit\n"));

        await().atMost(WAIT).pollInterval(POLL).until(listener::exited);
        assertThat(listener.text()).contains("[from-profile]").doesNotContain("[unset]");
    }

    @Test
    void setsTermAndLangAsTheAgentDoes() throws Exception {
        RecordingListener listener = new RecordingListener();
        start(PtyShellSpec.interactiveCommands("echo \"term=$TERM lang=$LANG\"")
                .inheritedEnvironment(environmentWithoutLocale())
                .build(), listener);

        await().atMost(WAIT).pollInterval(POLL).until(listener::exited);
        assertThat(listener.text()).contains("term=xterm-256color lang=C.UTF-8");
    }

    @Test
    void controlCFromTheInputInterruptsTheForegroundJobAndTheShellCarriesOn() throws Exception {
        RecordingListener listener = new RecordingListener();
        PtyShell shell = start(PtyShellSpec.standardStream().build(), listener);

        shell.write(utf8("sleep 100\n"));
        await().atMost(WAIT).pollInterval(POLL).until(() -> sleepingDescendant(shell.pid()) != null);
        long sleepPid = sleepingDescendant(shell.pid());

        shell.write(new byte[] {0x03}).get(5, TimeUnit.SECONDS);

        await().atMost(WAIT).pollInterval(POLL).until(() -> !isAlive(sleepPid));
        shell.write(utf8("echo alive-$((40 + 2))\n"));
        awaitText(listener, "alive-42");
        assertThat(isAlive(shell.pid())).isTrue();
        assertThat(listener.exited()).isFalse();
    }

    private static Long sleepingDescendant(long pid) {
        return ProcessHandle.of(pid).flatMap(shell -> shell.descendants()
                        .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                        .map(ProcessHandle::pid)
                        .findFirst())
                .orElse(null);
    }

    @Test
    void multiByteCharactersAreNeverSplitAcrossChunks() throws Exception {
        // Two ASCII bytes, then 3000 three-byte characters: 1024-byte reads of this end inside a character.
        String euros = "€".repeat(30);
        RecordingListener listener = new RecordingListener();
        PtyShell shell = start(PtyShellSpec.interactiveCommands(
                        "printf ab; i=0; while [ $i -lt 100 ]; do printf '" + euros + "'; i=$((i+1)); done")
                .inheritedEnvironment(environmentWithoutLocale())
                .startPaused(true)
                .build(), listener);

        // Let the whole output collect in the terminal, so that reads are full 1024-byte reads.
        await().atMost(WAIT).pollInterval(POLL).until(() -> !isAlive(shell.pid()));
        assertThat(listener.chunks()).isEmpty();
        shell.resume();
        await().atMost(WAIT).pollInterval(POLL).until(listener::exited);

        assertThat(listener.text(OutputKind.OUTPUT)).isEqualTo("ab" + "€".repeat(3000));
        assertThat(listener.chunks()).hasSizeGreaterThan(1).allSatisfy(chunk -> {
            assertThat(chunk.bytes().length).isLessThanOrEqualTo(1024 + 3);
            assertThat(decodesStrictly(chunk.bytes())).as("chunk is whole UTF-8").isTrue();
        });
    }

    private static boolean decodesStrictly(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void whilePausedNothingIsReadAndAfterResumingNothingIsLost() throws Exception {
        int total = 3_000_000;
        RecordingListener listener = new RecordingListener();
        AtomicReference<PtyShell> shellRef = new AtomicReference<>();
        AtomicBoolean pausedMidway = new AtomicBoolean();
        AtomicLong received = new AtomicLong();
        listener.onEachChunk((kind, chunk) -> {
            // Pausing from inside the callback must stop reading before the very next read.
            if (received.addAndGet(chunk.length) >= total / 3 && pausedMidway.compareAndSet(false, true)) {
                shellRef.get().pause();
            }
        });
        PtyShell shell = start(PtyShellSpec.interactiveCommands("yes a | tr -d '\\n' | head -c " + total)
                .startPaused(true)
                .build(), listener);
        shellRef.set(shell);

        // Paused from the start: the writer fills the terminal buffer and blocks; nothing is read.
        await().during(Duration.ofMillis(400)).atMost(WAIT).pollInterval(POLL)
                .until(() -> listener.chunks().isEmpty() && isAlive(shell.pid()));

        shell.resume();
        await().atMost(WAIT).pollInterval(POLL).until(pausedMidway::get);
        long atPause = received.get();
        await().during(Duration.ofMillis(300)).atMost(WAIT).pollInterval(POLL)
                .until(() -> received.get() == atPause && isAlive(shell.pid()));
        assertThat(atPause).isLessThan(total);

        shell.resume();
        await().atMost(WAIT).pollInterval(POLL).until(listener::exited);
        byte[] output = listener.bytes(OutputKind.OUTPUT);
        assertThat(output).hasSize(total);
        assertThat(countOf('a', output)).isEqualTo(total);
        assertThat(listener.chunks()).allSatisfy(chunk -> assertThat(chunk.bytes().length).isLessThanOrEqualTo(1027));
        assertThat(listener.exitCode()).isZero();
    }

    @Test
    void inputIsRefusedWhileTheShellDoesNotReadAndTakenAgainOnceItDoes(@TempDir Path tempDir) throws Exception {
        Path go = tempDir.resolve("go");
        RecordingListener listener = new RecordingListener();
        PtyShell shell = start(PtyShellSpec.interactiveCommands(
                        "while [ ! -e '" + go + "' ]; do sleep 0.05; done; exec cat >/dev/null")
                .inputBufferLimit(16 * 1024)
                .build(), listener);
        byte[] line = utf8("x".repeat(999) + "\n");

        // The kernel's terminal buffers take some tens of KiB, in bursts: fill until they stay full.
        int accepted = fillUntilRefused(shell, line);
        for (int settled = 0; settled < 3; ) {
            Thread.sleep(100);
            settled = fillUntilRefused(shell, line) == 0 ? settled + 1 : 0;
        }
        assertThat(accepted).isBetween(16, 9_999);
        int roomsBefore = listener.inputRooms();
        await().during(Duration.ofMillis(300)).atMost(WAIT).pollInterval(POLL)
                .until(() -> listener.inputRooms() == roomsBefore && !shell.hasRoomForInput(line.length));

        Files.createFile(go);

        await().atMost(WAIT).pollInterval(POLL).until(() -> listener.inputRooms() > roomsBefore);
        assertThat(shell.hasRoomForInput(line.length)).isTrue();
        shell.write(line).get(5, TimeUnit.SECONDS);
    }

    private static int fillUntilRefused(PtyShell shell, byte[] line) {
        int accepted = 0;
        while (shell.hasRoomForInput(line.length) && accepted < 10_000) {
            shell.write(line);
            accepted++;
        }
        return accepted;
    }

    private static long countOf(char c, byte[] bytes) {
        long count = 0;
        for (byte b : bytes) {
            if (b == c) {
                count++;
            }
        }
        return count;
    }

    @Test
    void closeKillsTheShellAndItsJobsAndStopsTheThreads() throws Exception {
        RecordingListener listener = new RecordingListener();
        PtyShell shell = start(PtyShellSpec.standardStream().build(), listener);
        shell.write(utf8("sleep 100 & echo bg=$!\n"));
        awaitText(listener, "bg=");
        await().atMost(WAIT).pollInterval(POLL).until(() -> Pattern.compile("bg=(\\d+)\\n").matcher(listener.text()).find());
        Matcher matcher = Pattern.compile("bg=(\\d+)\\n").matcher(listener.text());
        assertThat(matcher.find()).isTrue();
        long backgroundJob = Long.parseLong(matcher.group(1));
        assertThat(isAlive(backgroundJob)).isTrue();

        shell.close();
        shell.close(); // idempotent

        assertThat(shell.whenTerminated().get(10, TimeUnit.SECONDS)).isEqualTo(128 + 9);
        assertThat(isAlive(shell.pid())).isFalse();
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).doesNotContain(shell.pid());
        await().atMost(WAIT).pollInterval(POLL).until(() -> !isAlive(backgroundJob));
        await().atMost(WAIT).pollInterval(POLL).until(() ->
                !threadRunning("warden-pty-output-" + shell.pid()) && !threadRunning("warden-pty-input-" + shell.pid()));
        assertThat(listener.exitCalls()).as("no callback after close").isZero();
        CompletableFuture<Void> lateWrite = shell.write(utf8("echo too late\n"));
        assertThatThrownBy(() -> lateWrite.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void closingAPausedShellStillEndsEverything() throws Exception {
        RecordingListener listener = new RecordingListener();
        PtyShell shell = start(PtyShellSpec.interactiveCommands("yes").startPaused(true).build(), listener);

        shell.close();

        shell.whenTerminated().get(10, TimeUnit.SECONDS);
        assertThat(isAlive(shell.pid())).isFalse();
        assertThat(listener.chunks()).isEmpty();
        await().atMost(WAIT).pollInterval(POLL).until(() -> !threadRunning("warden-pty-output-" + shell.pid()));
    }

    @Test
    void aMissingProgramFailsWithTheAgentsText() {
        assertThatThrownBy(() -> start(PtyShellSpec.command(List.of("no-such-program-for-warden")).build(),
                new RecordingListener()))
                .isInstanceOfSatisfying(ProcessStartException.class, e -> {
                    assertThat(e.stage()).isEqualTo(ProcessStartException.Stage.PREPARING);
                    assertThat(e.getMessage()).isEqualTo("Unable to start command: Failed to start pty: "
                            + "exec: \"no-such-program-for-warden\": executable file not found in $PATH");
                    assertThat(e.agentText()).isEqualTo("Unable to start command: Failed to start pty: "
                            + "exec: \"no-such-program-for-warden\": executable file not found in $PATH\n\n");
                });
    }

    @Test
    void aMissingWorkingDirectoryFailsWithTheAgentsText(@TempDir Path tempDir) {
        Path missing = tempDir.resolve("missing");
        assertThatThrownBy(() -> start(PtyShellSpec.standardStream().workingDirectory(missing).build(),
                new RecordingListener()))
                .isInstanceOf(ProcessStartException.class)
                .hasMessage("Unable to start command: Failed to start pty: chdir " + missing
                        + ": no such file or directory");
    }

    @Test
    void runsInTheGivenWorkingDirectory(@TempDir Path tempDir) throws Exception {
        RecordingListener listener = new RecordingListener();
        start(PtyShellSpec.interactiveCommands("pwd").workingDirectory(tempDir).build(), listener);

        await().atMost(WAIT).pollInterval(POLL).until(listener::exited);
        assertThat(listener.text()).contains(tempDir.toRealPath().toString());
    }
}
