package dev.warden.sandbox.shell;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * A running shell-session process: a {@link PtyShell} (Standard_Stream, InteractiveCommands) or a
 * {@link CommandProcess} (NonInteractiveCommands). Output and the exit arrive at the
 * {@link SessionProcessListener} on the executor given at start.
 *
 * <p>Every method is safe to call from any thread and none of them blocks on the process, so they may be
 * called from an event loop.
 */
public interface SessionProcess extends AutoCloseable {

    /** The operating-system process id of the shell or command. */
    long pid();

    /**
     * Handles the bytes of an input message ({@code input_stream_data}, payload type 1). A pty shell writes
     * them to its terminal verbatim; a command only looks for the control bytes {@code 0x03} (SIGINT) and
     * {@code 0x1C} (SIGQUIT), as the agent does.
     *
     * @return completes, on the executor, once the bytes have been handed to the process (the agent
     *     acknowledges an input message only after that); fails if the process has ended or if too much
     *     input is already waiting to be written
     */
    CompletableFuture<Void> write(byte[] input);

    /**
     * Whether {@link #write} would queue {@code length} bytes now instead of refusing them for lack of room:
     * the back-pressure a data channel needs to leave an input message unacknowledged (the agent's "handler
     * not ready") rather than buffer without bound. After a {@code false}, the listener's
     * {@link SessionProcessListener#onInputRoom()} follows once there is room again.
     */
    boolean hasRoomForInput(int length);

    /**
     * Sets the terminal size (a {@code Size} message, payload type 3). Commands have no terminal and
     * ignore it, as the agent does.
     *
     * @throws IOException if the terminal rejects the size while the shell is still running
     */
    void resize(TerminalSize size) throws IOException;

    /**
     * Stops reading output: back-pressure for a data channel that cannot send (the agent's
     * {@code pause_publication}). Once every reader has noticed — immediately if called from inside
     * {@link SessionProcessListener#onOutput}, otherwise after at most one further chunk per stream — the
     * process's output stays in the kernel's pty or pipe buffer, and a process that keeps writing blocks.
     * Nothing is lost.
     */
    void pause();

    /** Resumes reading output after {@link #pause()}. */
    void resume();

    /**
     * Ends the session: kills the process and everything it started (see the implementations), releases
     * the terminal or pipes and stops the reading threads. Idempotent. After it returns the listener is
     * not called again; {@link #whenTerminated()} still completes.
     */
    @Override
    void close();

    /**
     * Completes, on the executor, with the exit status once the process has ended, its threads have
     * finished with it and its terminal or pipes are released — whether it ended by itself or through
     * {@link #close()}.
     */
    CompletableFuture<Integer> whenTerminated();
}
