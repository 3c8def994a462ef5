package dev.warden.cli;

/**
 * The exit codes of every warden command, documented in docs/client.md. Signals keep the shell's convention
 * (130 after Ctrl-C, 143 after SIGTERM) because the JVM reports them itself.
 */
public final class ExitCodes {

    /** Success; for a session: it ended normally (the local side or the remote program ended it). */
    public static final int OK = 0;
    /** A failure at run time: unreachable endpoint, unknown target, a session that could not be resumed. */
    public static final int FAILURE = 1;
    /** Invalid usage: unknown flag, missing argument, malformed forwarding spec or parameters. */
    public static final int USAGE = 2;
    /** The credentials expired and cannot be refreshed, kept being rejected, or could not be resolved. */
    public static final int CREDENTIALS = 4;
    /** The service ended the session: TerminateSession, idle timeout or maximum session duration. */
    public static final int ENDED_BY_SERVICE = 5;

    private ExitCodes() {
    }
}
