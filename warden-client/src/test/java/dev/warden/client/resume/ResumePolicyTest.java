package dev.warden.client.resume;

import dev.warden.client.SessionEnd;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failed resume steps are retried and which end the session, with which reason. */
class ResumePolicyTest {

    private static final CredentialsSnapshot STATIC = new CredentialsSnapshot("AKIASTATIC", false, Optional.empty(),
            "f1");
    private static final CredentialsSnapshot REFRESHABLE = new CredentialsSnapshot("ASIAREFRESH", true,
            Optional.of(Instant.parse("2030-01-01T00:00:00Z")), "f2");

    private final ResumePolicy policy = new ResumePolicy(3, 2);

    @Test
    void transient_failures_are_always_retried() {
        assertThat(policy.decide(ResumeFailure.TRANSIENT, null, STATIC, 0, 0, "s")).isEmpty();
    }

    @Test
    void static_credentials_rejected_end_at_once_refreshable_ones_after_the_limit() {
        assertThat(policy.decide(ResumeFailure.AUTHENTICATION, "ExpiredTokenException", STATIC, 1, 0, "s"))
                .map(SessionEnd::reason).contains(SessionEnd.Reason.CREDENTIALS_EXPIRED);
        assertThat(policy.decide(ResumeFailure.AUTHENTICATION, "ExpiredTokenException", REFRESHABLE, 2, 0, "s"))
                .isEmpty();
        assertThat(policy.decide(ResumeFailure.AUTHENTICATION, "ExpiredTokenException", REFRESHABLE, 3, 0, "s"))
                .map(SessionEnd::reason).contains(SessionEnd.Reason.CREDENTIALS_REJECTED);
    }

    @Test
    void a_missing_session_access_denied_and_refusals_end_the_session() {
        assertThat(policy.decide(ResumeFailure.SESSION_GONE, "DoesNotExistException", REFRESHABLE, 0, 0, "s"))
                .map(SessionEnd::reason).contains(SessionEnd.Reason.SESSION_NOT_FOUND);
        assertThat(policy.decide(ResumeFailure.ACCESS_DENIED, "AccessDeniedException", REFRESHABLE, 0, 0, "s"))
                .map(SessionEnd::reason).contains(SessionEnd.Reason.ACCESS_DENIED);
        assertThat(policy.decide(ResumeFailure.REFUSED, "ValidationException", REFRESHABLE, 0, 0, "s"))
                .map(SessionEnd::reason).contains(SessionEnd.Reason.RESUME_FAILED);
    }

    @Test
    void an_unavailable_provider_gets_a_few_chances() {
        assertThat(policy.decide(ResumeFailure.CREDENTIALS_UNAVAILABLE, null, null, 0, 1, "s")).isEmpty();
        assertThat(policy.decide(ResumeFailure.CREDENTIALS_UNAVAILABLE, null, null, 0, 2, "s"))
                .map(SessionEnd::reason).contains(SessionEnd.Reason.CREDENTIALS_UNAVAILABLE);
    }
}
