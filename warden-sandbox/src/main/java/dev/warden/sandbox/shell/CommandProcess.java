package dev.warden.sandbox.shell;

import dev.warden.sandbox.shell.ProcessStartException.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NonInteractiveCommands process (agent-side spec §5.1, §5.5): the commands are split like
 * {@code shlex.Split} and exec'd directly — no shell, no pty, stdin at end of file.
 *
 * <p>Output, in one of the agent's two modes:
 * <ul>
 *   <li><b>Separate output</b>: stdout and stderr are read live, each by its own thread
 *       ({@code warden-command-stdout-<pid>}, {@code warden-command-stderr-<pid>}), in reads of at most
 *       1024 bytes less the separator prefix, with the prefix rule and the UTF-8 carry, and delivered as
 *       {@link OutputKind#OUTPUT} and {@link OutputKind#STDERR}. When both pipes have ended and the process
 *       has exited, {@link SessionProcessListener#onExit(int)} reports the exit code — what the agent sends
 *       as {@code EXIT_CODE: <n>}.</li>
 *   <li><b>Combined output</b> (the default): stdout and stderr go to one spool file; only after the
 *       process has exited is the file read ({@code warden-command-output-<pid>}) and delivered as
 *       {@link OutputKind#OUTPUT}, then the exit is reported (the agent sends no exit code in this mode;
 *       whether to forward it is the caller's choice).</li>
 * </ul>
 * Pausing applies back-pressure in both modes. (The agent instead aborts a separate-output session when it
 * is paused; the sandbox waits, which loses nothing.)
 *
 * <p>Input: only the control bytes matter — the first {@code 0x03} or {@code 0x1C} in an input message
 * sends SIGINT or SIGQUIT to the process, as the agent does; everything else is ignored.
 */
public final class CommandProcess extends AbstractSessionProcess {

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcess.class);
    private static final byte CONTROL_C = 0x03;
    private static final byte CONTROL_BACKSLASH = 0x1C;

    private final Process process;
    private final CommandSpec spec;
    private final Path spoolFile;

    private CommandProcess(Process process, CommandSpec spec, CallbackDispatcher dispatcher, Path spoolFile) {
        super(process.pid(), spec.startPaused(), dispatcher);
        this.process = process;
        this.spec = spec;
        this.spoolFile = spoolFile;
    }

    /**
     * Splits the commands and starts the process. Blocks briefly (user lookup for RunAs, fork).
     *
     * @throws ProcessStartException {@link Stage#PREPARING} for a command line that does not split or a
     *     RunAs problem; {@link Stage#LAUNCHING} when the program cannot be executed
     */
    public static CommandProcess start(CommandSpec spec, SessionProcessListener listener, Executor executor)
            throws ProcessStartException {
        return start(spec, listener, executor, RunAs.system());
    }

    static CommandProcess start(CommandSpec spec, SessionProcessListener listener, Executor executor, RunAs runAs)
            throws ProcessStartException {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(executor, "executor");
        List<String> words = split(spec.commands());
        LaunchPlan plan = LaunchPlan.prepare(spec, words, runAs);
        Optional<String> problem = plan.launchProblem(words.get(0));
        if (problem.isPresent()) {
            throw new ProcessStartException(Stage.LAUNCHING, problem.get());
        }

        ProcessBuilder builder = new ProcessBuilder(plan.command()).directory(plan.workingDirectory().toFile());
        builder.environment().clear();
        builder.environment().putAll(plan.environment());
        Path spoolFile = null;
        Process process;
        try {
            if (!spec.separateOutput()) {
                Files.createDirectories(spec.spoolDirectory());
                // createTempFile makes the file readable by its owner only; the output may be sensitive.
                spoolFile = Files.createTempFile(spec.spoolDirectory(), "warden-command-", ".out");
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(spoolFile.toFile()))
                        .redirectErrorStream(true);
            }
            process = builder.start();
        } catch (IOException e) {
            deleteQuietly(spoolFile);
            throw new ProcessStartException(Stage.LAUNCHING, String.valueOf(e.getMessage()), e);
        }
        closeQuietly(process.getOutputStream()); // like Go's nil Stdin: the command reads end of file

        CommandProcess command = new CommandProcess(process, spec,
                new CallbackDispatcher(executor, listener, spec.sessionLog()), spoolFile);
        command.startThreads();
        return command;
    }

    private static List<String> split(String commands) throws ProcessStartException {
        List<String> words;
        try {
            words = Shlex.split(commands);
        } catch (ShlexException e) {
            throw new ProcessStartException(Stage.PREPARING,
                    "Failed to parse commands input: " + e.getMessage() + "\n", e);
        }
        if (words.isEmpty()) {
            // The agent would index an empty list here and crash; the sandbox reports it instead.
            throw new ProcessStartException(Stage.PREPARING, "Failed to parse commands input: no command\n");
        }
        return words;
    }

    private void startThreads() {
        if (spec.separateOutput()) {
            CompletableFuture<Void> stdout = pumpOnThread("warden-command-stdout-" + pid,
                    new OutputPump(process.getInputStream(), OutputKind.OUTPUT, spec.payloadSize(),
                            spec.stdoutPrefixBytes(), gate, dispatcher));
            CompletableFuture<Void> stderr = pumpOnThread("warden-command-stderr-" + pid,
                    new OutputPump(process.getErrorStream(), OutputKind.STDERR, spec.payloadSize(),
                            spec.stderrPrefixBytes(), gate, dispatcher));
            // Runs on whichever pump thread finishes last.
            CompletableFuture.allOf(stdout, stderr).whenComplete((ignored, error) -> finish());
        } else {
            daemon("warden-command-output-" + pid, this::deliverSpoolAfterExit).start();
        }
    }

    private CompletableFuture<Void> pumpOnThread(String name, OutputPump pump) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        daemon(name, () -> {
            try {
                pump.run();
            } finally {
                done.complete(null);
            }
        }).start();
        return done;
    }

    /** Combined mode: wait for the exit, then stream the spool file, as the agent does. */
    private void deliverSpoolAfterExit() {
        try {
            waitForExit();
            if (!closed.get()) {
                try (InputStream spool = Files.newInputStream(spoolFile)) {
                    new OutputPump(spool, OutputKind.OUTPUT, spec.payloadSize(), new byte[0], gate, dispatcher).run();
                } catch (IOException e) {
                    LOG.warn("Could not read the output of command {}: {}", pid, e.toString());
                }
            }
        } finally {
            finish();
        }
    }

    /** Both modes: reap the process, clean up, report the exit. */
    private void finish() {
        int exitCode = waitForExit();
        ended = true;
        deleteQuietly(spoolFile);
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
        dispatcher.deliverExit(exitCode);
        dispatcher.complete(terminated, exitCode);
    }

    /** The exit code; 1 if it cannot be had, the agent's value for an unknown exit code. */
    private int waitForExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Sends SIGINT for the first {@code 0x03}, or SIGQUIT for the first {@code 0x1C}, to the process. */
    @Override
    public CompletableFuture<Void> write(byte[] input) {
        CompletableFuture<Void> handled = new CompletableFuture<>();
        if (ended || closed.get()) {
            dispatcher.fail(handled, new IOException("the command has ended"));
            return handled;
        }
        for (byte b : input) {
            if (b == CONTROL_C || b == CONTROL_BACKSLASH) {
                int signal = b == CONTROL_C ? LibC.SIGINT : LibC.SIGQUIT;
                if (LibC.INSTANCE.kill((int) pid, signal) != 0 && process.isAlive()) {
                    dispatcher.fail(handled, new IOException("could not signal command " + pid));
                    return handled;
                }
                break;
            }
        }
        dispatcher.complete(handled, null);
        return handled;
    }

    /** Input is only scanned for control bytes, never queued, so there is always room. */
    @Override
    public boolean hasRoomForInput(int length) {
        return true;
    }

    /** A command has no terminal; like the agent, ignore the size. */
    @Override
    public void resize(TerminalSize size) {
    }

    /**
     * Kills the command and its descendants with SIGKILL. The command shares the sandbox's session, so
     * descendants are found through the process tree; one that has already left the tree (a daemon) is
     * not found. Does not block.
     */
    @Override
    void kill() {
        ProcessTerminator.killTree(process.toHandle());
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.debug("closing a command stream: {}", e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete command output spool {}: {}", file, e.toString());
        }
    }
}
