package dev.warden.client.resume;

import dev.warden.client.SessionEnd;

import java.util.Objects;
import java.util.Optional;

/**
 * Decides, after a failed resume step, whether to try again or to end the session, and with which reason
 * (client-protocol.md §7, §9): transient failures are retried until the resume deadline; authentication failures
 * with credentials that cannot be refreshed end the session at once, with an actionable message, instead of a
 * retry storm against a 403; refreshable credentials get a few more chances, since the provider refreshes them.
 */
public final class ResumePolicy {

    private final int maxAuthFailures;
    private final int maxCredentialFailures;

    public ResumePolicy(int maxAuthFailures, int maxCredentialFailures) {
        if (maxAuthFailures < 1 || maxCredentialFailures < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        this.maxAuthFailures = maxAuthFailures;
        this.maxCredentialFailures = maxCredentialFailures;
    }

    /**
     * The decision: empty means retry after the backoff; otherwise the session ends as given.
     *
     * @param failure                  the classified failure
     * @param errorCode                the AWS error code, when known (for the message)
     * @param credentials              the credentials the failed step used; null when none could be resolved
     * @param consecutiveAuthFailures  authentication failures in a row, this one included
     * @param consecutiveCredentialFailures provider failures in a row, this one included
     * @param sessionId                for the message
     */
    public Optional<SessionEnd> decide(ResumeFailure failure, String errorCode, CredentialsSnapshot credentials,
                                       int consecutiveAuthFailures, int consecutiveCredentialFailures,
                                       String sessionId) {
        Objects.requireNonNull(failure, "failure");
        String code = errorCode == null ? failure.name() : errorCode;
        switch (failure) {
            case TRANSIENT:
                return Optional.empty();
            case SESSION_GONE:
                return Optional.of(SessionEnd.of(SessionEnd.Reason.SESSION_NOT_FOUND,
                        "Session " + sessionId + " no longer exists (" + code + "); it was terminated."));
            case ACCESS_DENIED:
                return Optional.of(SessionEnd.of(SessionEnd.Reason.ACCESS_DENIED,
                        "Not allowed to resume session " + sessionId + " (" + code + "). The credentials of "
                                + describe(credentials) + " need ssm:ResumeSession on the session."));
            case REFUSED:
                return Optional.of(SessionEnd.of(SessionEnd.Reason.RESUME_FAILED,
                        "ResumeSession for " + sessionId + " was refused (" + code + ")."));
            case CREDENTIALS_UNAVAILABLE:
                if (consecutiveCredentialFailures < maxCredentialFailures) {
                    return Optional.empty();
                }
                return Optional.of(SessionEnd.of(SessionEnd.Reason.CREDENTIALS_UNAVAILABLE,
                        "No AWS credentials could be obtained to resume session " + sessionId + " after "
                                + consecutiveCredentialFailures + " attempts. If you use SSO, log in again "
                                + "(aws sso login)."));
            case AUTHENTICATION:
                if (credentials != null && !credentials.refreshable()) {
                    return Optional.of(SessionEnd.of(SessionEnd.Reason.CREDENTIALS_EXPIRED,
                            "AWS rejected the credentials used to resume session " + sessionId + " (" + code
                                    + "). They are " + describe(credentials) + " without an expiry time, so they "
                                    + "come from a static source (environment variables, system properties or "
                                    + "static keys in a profile) that cannot be refreshed while this process "
                                    + "runs, and the session cannot outlive them. Use a refreshable source: a "
                                    + "profile with credential_process, role_arn with source_profile, or SSO."));
                }
                if (consecutiveAuthFailures < maxAuthFailures) {
                    return Optional.empty();
                }
                return Optional.of(SessionEnd.of(SessionEnd.Reason.CREDENTIALS_REJECTED,
                        "AWS kept rejecting the credentials (" + code + ") while resuming session " + sessionId
                                + ", " + consecutiveAuthFailures + " times in a row, although the provider can "
                                + "refresh them (" + describe(credentials) + "). Check the credentials source."));
            default:
                throw new IllegalStateException("unhandled failure " + failure);
        }
    }

    private static String describe(CredentialsSnapshot credentials) {
        if (credentials == null) {
            return "(no credentials)";
        }
        return "access key " + credentials.accessKeyId() + (credentials.temporary() ? " (temporary)" : "");
    }
}
