package dev.warden.sandbox.agent;

/**
 * The texts the agent produces for the client's {@code channel_closed} Output (agent-side.md §2.5, §2.8, §4).
 * A plugin that fails through the agent's {@code MarkAsFailed} gets the error under an ERROR header (the form
 * issues #272 and #522 show); one that sets its output (port parameter and dial errors) shows the bare message.
 */
public final class AgentTexts {

    /** The header {@code MarkAsFailed} puts before the error (the agent's {@code errTitle}). */
    public static final String ERROR_HEADER = "\n----------ERROR-------\n";
    public static final String HANDSHAKE_FAILED = "Encountered error while initiating handshake. ";
    public static final String HANDSHAKE_TIMED_OUT =
            "Handshake timed out. Please ensure that you have the latest version of the session manager plugin.";
    public static final String CHALLENGE_TIMED_OUT = "Timed out waiting for encryption challenge.";
    public static final String CHALLENGE_MISMATCH = "Encryption challenge does not match!";
    public static final String FETCHING_DATA_KEY_FAILED = "Fetching data key failed: ";
    public static final String UNABLE_TO_CONNECT = "Unable to connect to specified port: ";

    private AgentTexts() {
    }

    /** Output of a plugin that failed through {@code MarkAsFailed} without output of its own. */
    public static String markedFailed(String error) {
        return ERROR_HEADER + error;
    }

    /** Output of a failed handshake. */
    public static String handshakeFailed(String error) {
        return markedFailed(HANDSHAKE_FAILED + error);
    }
}
