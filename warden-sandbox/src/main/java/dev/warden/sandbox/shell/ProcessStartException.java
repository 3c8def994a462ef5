package dev.warden.sandbox.shell;

/**
 * A shell or command could not be started. The texts are the agent's own, so the caller can show them to
 * the client unchanged ({@link #agentText()}).
 *
 * <p>The agent fails in two places, and they read differently:
 * <ul>
 *   <li>{@link Stage#PREPARING} — while preparing to start ({@code StartCommandExecutor}): a command line
 *       that does not split, a RunAs problem, or, for pty shells, a failure to start the pty. The agent
 *       reports {@code Unable to start command: <reason>} followed by a newline.</li>
 *   <li>{@link Stage#LAUNCHING} — only for NonInteractiveCommands, when {@code exec.Cmd.Start} fails (e.g.
 *       the executable does not exist). The agent sends the bare Go error text as StdErr, and with separate
 *       output streams it first sends {@code EXIT_CODE: 1}.</li>
 * </ul>
 */
public final class ProcessStartException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Where the start failed; see the class comment. */
    public enum Stage {
        PREPARING,
        LAUNCHING
    }

    private final Stage stage;
    private final String reason;

    /**
     * @param reason the Go error text, exactly as the agent builds it — some agent errors end in a newline of
     *     their own ({@code Failed to start pty: …\n}), and that newline is part of what the client sees
     */
    ProcessStartException(Stage stage, String reason) {
        super(messageFor(stage, reason));
        this.stage = stage;
        this.reason = reason;
    }

    ProcessStartException(Stage stage, String reason, Throwable cause) {
        this(stage, reason);
        initCause(cause);
    }

    public Stage stage() {
        return stage;
    }

    /** The underlying error text without the {@code Unable to start command: } wrapper. */
    public String reason() {
        return reason.strip();
    }

    /** Exactly what the agent would write to the client for this failure, newlines included. */
    public String agentText() {
        return stage == Stage.PREPARING ? "Unable to start command: " + reason + "\n" : reason;
    }

    private static String messageFor(Stage stage, String reason) {
        return stage == Stage.PREPARING ? "Unable to start command: " + reason.strip() : reason.strip();
    }
}
