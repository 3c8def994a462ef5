package dev.warden.client.resume;

import dev.warden.client.transport.DataChannelConnectException;
import dev.warden.client.transport.UpgradeRejectedException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The kinds of failure a resume attempt can meet, classified from the exception: the input of
 * {@link ResumePolicy}.
 */
public enum ResumeFailure {
    /** Worth retrying: network errors, throttling, 5xx, an endpoint that does not answer. */
    TRANSIENT,
    /** The credentials were not accepted (expired, unknown, bad signature). */
    AUTHENTICATION,
    /** The credentials are valid but not allowed to resume the session. */
    ACCESS_DENIED,
    /** The session does not exist (any more). */
    SESSION_GONE,
    /** The credentials provider could not produce credentials. */
    CREDENTIALS_UNAVAILABLE,
    /** Any other refusal by the API, which retrying will not change. */
    REFUSED;

    /** AWS error codes that mean "these credentials are not accepted". */
    static final Set<String> AUTHENTICATION_CODES = Set.of("ExpiredTokenException", "ExpiredToken",
            "RequestExpired", "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException",
            "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken", "AuthFailure",
            "InvalidAccessKeyId", "TokenRefreshRequired");

    static final Set<String> ACCESS_DENIED_CODES = Set.of("AccessDeniedException", "AccessDenied");

    static final Set<String> SESSION_GONE_CODES = Set.of("DoesNotExistException");

    /** Classifies the failure of a ResumeSession call, a credentials lookup or a websocket dial. */
    public static ResumeFailure classify(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof CredentialsUnavailableException) {
            return CREDENTIALS_UNAVAILABLE;
        }
        if (t instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            int status = service.statusCode();
            if (code != null && AUTHENTICATION_CODES.contains(code)) {
                return AUTHENTICATION;
            }
            if (code != null && ACCESS_DENIED_CODES.contains(code)) {
                return ACCESS_DENIED;
            }
            if (code != null && SESSION_GONE_CODES.contains(code)) {
                return SESSION_GONE;
            }
            if (service.isThrottlingException() || status >= 500 || status == 429 || status == 408) {
                return TRANSIENT;
            }
            return status == 401 ? AUTHENTICATION : REFUSED;
        }
        if (t instanceof UpgradeRejectedException rejected) {
            String code = rejected.errorCode().orElse("");
            if (AUTHENTICATION_CODES.contains(code) || rejected.status() == 401 || rejected.status() == 403) {
                return ACCESS_DENIED_CODES.contains(code) ? ACCESS_DENIED : AUTHENTICATION;
            }
            return TRANSIENT;
        }
        if (t instanceof DataChannelConnectException || t instanceof SdkClientException
                || t instanceof java.io.IOException) {
            return TRANSIENT;
        }
        return TRANSIENT;
    }

    /** The AWS error code of {@code error}, when it has one. */
    public static String errorCode(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode();
        }
        if (t instanceof UpgradeRejectedException rejected) {
            return rejected.errorCode().orElse("HTTP " + rejected.status());
        }
        return null;
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
