package dev.warden.client.resume;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ResumeSessionResponse;
import software.amazon.awssdk.services.ssm.model.StartSessionRequest;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

import java.util.Objects;

/**
 * The SSM session API calls the client makes (StartSession, ResumeSession, TerminateSession), with credentials
 * resolved from the provider at every call. All methods block: call them off the event loop.
 *
 * <p>ResumeSession pins the credentials it resolved for the request, so the credentials the resume logic
 * reasons about (expiry, refreshability) are exactly the ones AWS judged.
 */
public final class SessionApi {

    private final SsmClient ssm;
    private final AwsCredentialsProvider credentials;

    public SessionApi(SsmClient ssm, AwsCredentialsProvider credentials) {
        this.ssm = Objects.requireNonNull(ssm, "ssm");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /** The result of one ResumeSession call. */
    public record ResumeCall(CredentialsSnapshot credentials, String tokenValue, String streamUrl,
                             Throwable failure) {
        public boolean succeeded() {
            return failure == null;
        }

        @Override
        public String toString() {
            return failure == null ? "ResumeCall[ok, token " + (tokenValue == null ? "absent" : "present") + "]"
                    : "ResumeCall[failed: " + failure + "]";
        }
    }

    /** Resolves credentials from the provider; a provider failure becomes {@link CredentialsUnavailableException}. */
    public AwsCredentials resolveCredentials() {
        try {
            return credentials.resolveCredentials();
        } catch (RuntimeException e) {
            throw new CredentialsUnavailableException("the credentials provider failed: " + e.getMessage(), e);
        }
    }

    /** Calls ResumeSession with freshly resolved credentials; never throws. */
    public ResumeCall resume(String sessionId) {
        AwsCredentials resolved;
        try {
            resolved = resolveCredentials();
        } catch (CredentialsUnavailableException e) {
            return new ResumeCall(null, null, null, e);
        }
        CredentialsSnapshot snapshot = CredentialsSnapshot.of(resolved);
        try {
            ResumeSessionResponse response = ssm.resumeSession(r -> r.sessionId(sessionId)
                    .overrideConfiguration(o -> o.credentialsProvider(StaticCredentialsProvider.create(resolved))));
            return new ResumeCall(snapshot, response.tokenValue(), response.streamUrl(), null);
        } catch (RuntimeException e) {
            return new ResumeCall(snapshot, null, null, e);
        }
    }

    public StartSessionResponse start(StartSessionRequest request) {
        return ssm.startSession(request);
    }

    public void terminate(String sessionId) {
        ssm.terminateSession(r -> r.sessionId(sessionId));
    }
}
