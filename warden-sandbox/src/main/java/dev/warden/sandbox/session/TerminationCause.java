package dev.warden.sandbox.session;

/**
 * Why a session ended, with the text the service puts in the {@code channel_closed} message's
 * {@code Output} (the plugin prints {@code SessionId: <id> : <Output>}, or "Exiting session" when empty).
 */
public enum TerminationCause {
    /** TerminateSession was called. */
    TERMINATE_SESSION(""),
    /** No data-channel traffic for idleSessionTimeout (text from aws/amazon-ssm-agent#261). */
    IDLE_TIMEOUT("Your session timed out due to inactivity and has been terminated."),
    /** maxSessionDuration reached. AWS's own text is not documented; this one is the sandbox's. */
    MAX_DURATION("Your session has reached the maximum session duration and has been terminated."),
    /** The session's program ended on the instance (e.g. the shell exited). */
    SESSION_ENDED(""),
    /** The emulated agent or the data plane failed. */
    FAILURE("");

    private final String channelClosedOutput;

    TerminationCause(String channelClosedOutput) {
        this.channelClosedOutput = channelClosedOutput;
    }

    /** The default {@code channel_closed} Output text for this cause. */
    public String channelClosedOutput() {
        return channelClosedOutput;
    }
}
