package dev.warden.cli.tunnel;

import dev.warden.cli.ExitCodes;
import dev.warden.client.SessionEnd;

/**
 * The exit code and the line to show for a session's end. A service that ends a session with a reason (idle
 * timeout, maximum duration: a non-empty channel_closed text), or a session the service no longer knows
 * (terminated, timed out), is {@link ExitCodes#ENDED_BY_SERVICE}; credentials that expired or were refused are
 * {@link ExitCodes#CREDENTIALS}; every other failure is {@link ExitCodes#FAILURE}.
 *
 * @param exitCode the process's exit code
 * @param message  the line for stderr, or null when there is nothing to say
 */
public record SessionOutcome(int exitCode, String message) {

    /**
     * @param endsOnlyByService whether the session has no ordinary end of its own (a port forward runs until it is
     *                          stopped, so any end the service decides is reported as such)
     */
    public static SessionOutcome of(SessionEnd end, boolean endsOnlyByService) {
        return switch (end.reason()) {
            case CLOSED_BY_CLIENT, TERMINATED_BY_CLIENT -> new SessionOutcome(ExitCodes.OK, null);
            case CLOSED_BY_SERVICE -> hasServiceReason(end.message()) || endsOnlyByService
                    ? new SessionOutcome(ExitCodes.ENDED_BY_SERVICE, "the service ended the session: " + end.message())
                    : new SessionOutcome(ExitCodes.OK, null);
            case SESSION_TIMED_OUT, SESSION_NOT_FOUND -> new SessionOutcome(ExitCodes.ENDED_BY_SERVICE,
                    "the service ended the session: " + end.message());
            case CREDENTIALS_EXPIRED, CREDENTIALS_REJECTED, CREDENTIALS_UNAVAILABLE -> new SessionOutcome(
                    ExitCodes.CREDENTIALS, end.message());
            default -> new SessionOutcome(ExitCodes.FAILURE, "the session failed (" + end.reason() + "): "
                    + end.message());
        };
    }

    /** The client writes {@code SessionId: <id> : <text>} when the service's channel_closed carried a text. */
    private static boolean hasServiceReason(String message) {
        return message.startsWith("SessionId: ") && message.indexOf(" : ") > 0;
    }
}
