package dev.warden.client.shell;

/**
 * Receives a shell session's output. Called on the session's event loop, in order: return quickly (write to a
 * terminal, append to a buffer) and do not block.
 */
public interface ShellListener {

    /** Bytes the remote terminal or command wrote to standard output. */
    void onOutput(byte[] data);

    /** Bytes of standard error (separate-output command sessions); by default treated like output, as the plugin does. */
    default void onStderr(byte[] data) {
        onOutput(data);
    }

    /** The exit code of a command session (the agent's {@code EXIT_CODE: n}); interactive shells send none. */
    default void onExitCode(int exitCode) {
    }
}
