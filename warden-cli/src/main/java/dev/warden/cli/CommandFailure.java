package dev.warden.cli;

/**
 * A failure a command reports to the user as one line on stderr ({@code warden: <message>}) with an exit code
 * from {@link ExitCodes}. The message must say what went wrong and what to do, and never carry a secret.
 */
public final class CommandFailure extends RuntimeException {

    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
