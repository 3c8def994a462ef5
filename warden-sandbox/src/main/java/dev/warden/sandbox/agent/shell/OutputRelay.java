package dev.warden.sandbox.agent.shell;

import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.ExitCode;
import dev.warden.sandbox.agent.AgentOutput;
import dev.warden.sandbox.shell.OutputKind;
import dev.warden.sandbox.shell.SessionProcess;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Carries a process's output to the client without ever dropping any: each chunk goes to
 * {@link AgentOutput#trySend}; when the data channel refuses one, the chunk is kept, the process stops being read
 * (its output waits in the kernel's pty or pipe buffer, and a process that keeps writing blocks), and sending
 * resumes on {@link #onChannelWritable()}. After the process's last output comes its exit code when the session
 * type reports one, and once everything is handed to the channel, the {@code ended} callback runs.
 *
 * <p>Confined to the session's event loop; the process delivers its callbacks there.
 */
final class OutputRelay {

    private record Pending(PayloadType type, byte[] payload) {
    }

    private final AgentOutput output;
    private final boolean reportsExitCode;
    private final Runnable ended;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private SessionProcess process;
    private boolean pausedByUs;
    private boolean exited;
    private boolean finished;

    /**
     * @param reportsExitCode whether the process's exit code is sent after its output
     * @param ended           runs once, when everything has been handed to the channel
     */
    OutputRelay(AgentOutput output, boolean reportsExitCode, Runnable ended) {
        this.output = output;
        this.reportsExitCode = reportsExitCode;
        this.ended = ended;
    }

    /** The process whose reading is paused and resumed for back-pressure. */
    void attach(SessionProcess sessionProcess) {
        this.process = sessionProcess;
    }

    /** A chunk of process output (the process does not read on until this returns). */
    void onOutput(OutputKind kind, byte[] chunk) {
        enqueue(kind == OutputKind.STDERR ? PayloadType.STDERR : PayloadType.OUTPUT, chunk);
    }

    /**
     * The process ended and all its output has been delivered: its exit code follows that output when the session
     * reports one (NonInteractiveCommands with separate output, as with the agent).
     */
    void onExit(int exitCode) {
        if (exited) {
            return;
        }
        exited = true;
        if (reportsExitCode) {
            addExitCode(exitCode);
        }
        flush();
    }

    /**
     * A NonInteractiveCommands program that could not be executed: the agent sends the exit code 1 and then the
     * error as StdErr, and the session ends as if the program had exited.
     */
    void onLaunchFailure(int exitCode, byte[] stderrText) {
        if (exited) {
            return;
        }
        exited = true;
        addExitCode(exitCode);
        pending.add(new Pending(PayloadType.STDERR, stderrText));
        flush();
    }

    private void addExitCode(int exitCode) {
        ExitCode code = new ExitCode(exitCode);
        pending.add(new Pending(code.payloadType(), code.encode()));
    }

    /** The data channel takes messages again. */
    void onChannelWritable() {
        flush();
    }

    private void enqueue(PayloadType type, byte[] payload) {
        pending.add(new Pending(type, payload));
        flush();
    }

    private void flush() {
        while (!pending.isEmpty()) {
            Pending next = pending.peek();
            if (!output.trySend(next.type(), next.payload())) {
                pauseProcess();
                return;
            }
            pending.poll();
        }
        resumeProcess();
        if (exited && !finished) {
            finished = true;
            ended.run();
        }
    }

    private void pauseProcess() {
        if (!pausedByUs && process != null && !exited) {
            pausedByUs = true;
            process.pause();
        }
    }

    private void resumeProcess() {
        if (pausedByUs) {
            pausedByUs = false;
            if (!exited) {
                process.resume();
            }
        }
    }
}
