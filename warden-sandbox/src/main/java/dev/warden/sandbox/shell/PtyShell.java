package dev.warden.sandbox.shell;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.warden.sandbox.shell.ProcessStartException.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shell in a pseudo-terminal, for the Standard_Stream and InteractiveCommands plugins (agent-side spec
 * §5): input goes to the terminal verbatim, the terminal's output comes back in chunks of at most 1024
 * bytes (1027 with the UTF-8 carry), and the session ends when the shell exits.
 *
 * <p>Threads: one reader thread per shell ({@code warden-pty-output-<pid>}) reads the terminal, waits for
 * the shell to exit and releases the terminal; one writer thread ({@code warden-pty-input-<pid>}) writes
 * input. Both are daemon threads and end with the shell. Listener calls and future completions happen on
 * the caller's executor; see {@link SessionProcess} and {@link SessionProcessListener}.
 *
 * <p>End of the shell: when the shell exits, the output that is still in the terminal is read and
 * delivered (not while paused — it waits for {@link #resume()}), then
 * {@link SessionProcessListener#onExit(int)} reports the exit status. Background jobs the shell leaves
 * behind do not keep the session open, as with the agent.
 */
public final class PtyShell extends AbstractSessionProcess {

    private static final Logger LOG = LoggerFactory.getLogger(PtyShell.class);

    private final PtyProcess process;
    private final int payloadSize;
    private final PtyInputWriter input;

    private PtyShell(PtyProcess process, PtyShellSpec spec, CallbackDispatcher dispatcher) {
        super(process.pid(), spec.startPaused(), dispatcher);
        this.process = process;
        this.payloadSize = spec.payloadSize();
        this.input = new PtyInputWriter(process.getOutputStream(), dispatcher, spec.inputBufferLimit());
    }

    /**
     * Starts a shell. Blocks briefly: it may look up the RunAs user and it forks the process; it does not
     * wait for the shell to print anything.
     *
     * @param listener receives output and the exit, on {@code executor}
     * @param executor where every callback runs; the data channel's event loop
     * @throws ProcessStartException with the agent's text, {@code Unable to start command: …}
     */
    public static PtyShell start(PtyShellSpec spec, SessionProcessListener listener, Executor executor)
            throws ProcessStartException {
        return start(spec, listener, executor, RunAs.system());
    }

    static PtyShell start(PtyShellSpec spec, SessionProcessListener listener, Executor executor, RunAs runAs)
            throws ProcessStartException {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(executor, "executor");
        LaunchPlan plan = LaunchPlan.prepare(spec, spec.command(), runAs);
        Optional<String> problem = plan.launchProblem(spec.command().get(0));
        if (problem.isPresent()) {
            throw new ProcessStartException(Stage.PREPARING, failedToStartPty(problem.get()));
        }
        PtyProcess process;
        try {
            PtyProcessBuilder builder = new PtyProcessBuilder(plan.command().toArray(String[]::new))
                    .setEnvironment(plan.environment())
                    .setDirectory(plan.workingDirectory().toString())
                    // Not "console" mode: the shell gets a session and controlling terminal of its own.
                    .setConsole(false);
            if (spec.initialSize() != null) {
                builder.setInitialColumns(spec.initialSize().columns()).setInitialRows(spec.initialSize().rows());
            }
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new ProcessStartException(Stage.PREPARING, failedToStartPty(String.valueOf(e.getMessage())), e);
        }
        PtyShell shell = new PtyShell(process, spec, new CallbackDispatcher(executor, listener, spec.sessionLog()));
        shell.startThreads(spec);
        return shell;
    }

    /** The agent wraps pty start errors twice; this is the inner layer, with its newline. */
    private static String failedToStartPty(String error) {
        return "Failed to start pty: " + error + "\n";
    }

    private void startThreads(PtyShellSpec spec) {
        if (spec.shellProfile() != null && !spec.shellProfile().isBlank()) {
            input.submit((spec.shellProfile() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        daemon("warden-pty-input-" + pid, input::run).start();
        daemon("warden-pty-output-" + pid, this::readUntilShellEnds).start();
    }

    /** The reader thread: pump output, wait for the shell, release the terminal, report the exit. */
    private void readUntilShellEnds() {
        int exitStatus = -1;
        try {
            new OutputPump(process.getInputStream(), OutputKind.OUTPUT, payloadSize, new byte[0], gate, dispatcher)
                    .run();
            // pty4j ends the output stream once the shell has exited and the terminal is drained; if the
            // pump stopped for another reason (close), the shell is being killed and this returns soon.
            exitStatus = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Reader of pty shell {} failed", pid, e);
            ProcessTerminator.killSession(pid);
        } finally {
            ended = true;
            input.close();
            releaseTerminal();
            dispatcher.deliverExit(exitStatus);
            dispatcher.complete(terminated, exitStatus);
        }
    }

    private void releaseTerminal() {
        try {
            process.getInputStream().close();
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("Closing the terminal of pty shell {}: {}", pid, e.toString());
        }
    }

    /** Writes the bytes to the terminal exactly as given (the client already maps a lone LF to CR). */
    @Override
    public CompletableFuture<Void> write(byte[] bytes) {
        return input.submit(bytes);
    }

    @Override
    public boolean hasRoomForInput(int length) {
        return input.hasRoomFor(length);
    }

    /** Sets the terminal size; the kernel sends the shell's foreground job SIGWINCH. */
    @Override
    public void resize(TerminalSize size) throws IOException {
        if (ended || closed.get()) {
            return;
        }
        try {
            process.setWinSize(new WinSize(size.columns(), size.rows()));
        } catch (RuntimeException e) {
            if (!ended) {
                throw new IOException("could not resize the terminal of shell " + pid, e);
            }
        }
    }

    /** The terminal size as the kernel has it; for tests and diagnostics. */
    TerminalSize size() throws IOException {
        WinSize size = process.getWinSize();
        return new TerminalSize(size.getColumns(), size.getRows());
    }

    @Override
    void stopInput() {
        input.close();
    }

    /**
     * Kills the shell's whole session — the shell, its process groups (jobs) and everything they started
     * and did not move out of the session — with SIGKILL, as the agent kills on cancel. The reader thread
     * then reaps the shell, closes the terminal and ends; {@link #whenTerminated()} completes after that.
     * Does not block.
     */
    @Override
    void kill() {
        ProcessTerminator.killSession(pid);
    }
}
