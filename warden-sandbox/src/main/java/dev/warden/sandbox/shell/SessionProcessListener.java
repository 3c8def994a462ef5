package dev.warden.sandbox.shell;

/**
 * Receives what a {@link SessionProcess} produces. Every call is made on the {@link java.util.concurrent.Executor}
 * given when the process was started (meant to be the data channel's event loop), never on a process
 * thread.
 *
 * <p>Ordering: chunks of one {@link OutputKind} arrive in the order they were read; {@link #onExit(int)}
 * comes after the last chunk of every kind. With a serial executor (an event loop) no two calls overlap.
 * After {@link SessionProcess#close()} has returned no further call is made.
 */
public interface SessionProcessListener {

    /**
     * A chunk of output, never empty. The array is handed over: the listener may keep it.
     *
     * <p>Back-pressure: the process does not read its next chunk of this kind until this method has returned,
     * and calling {@link SessionProcess#pause()} from inside it stops the reading before the next read.
     */
    void onOutput(OutputKind kind, byte[] chunk);

    /**
     * The process has ended and all its output has been delivered. For a pty shell this is the shell's exit
     * status; for a command its exit code. A process killed by signal {@code n} reports {@code 128 + n}
     * (Java's convention; the agent's Go code would report -1 for a command and nothing for a shell).
     */
    void onExit(int exitCode);

    /**
     * {@link SessionProcess#hasRoomForInput(int)} said no earlier, and now the process's input has drained
     * far enough to take more. Not called for processes that never refuse input.
     */
    default void onInputRoom() {
    }
}
