package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.testing.SandboxFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionFilter;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS through the AWS SDK for Java with AWS's default limits (900 s minimum). */
class StsSdkTest {

    private static SandboxFixture sandbox;
    private static StsClient sts;

    @BeforeAll
    static void start() {
        sandbox = new SandboxFixture();
        sts = sandbox.sts(SandboxFixture.ALICE);
    }

    @AfterAll
    static void stop() {
        sts.close();
        sandbox.close();
    }

    @Test
    void getCallerIdentityNamesTheUser() {
        GetCallerIdentityResponse me = sts.getCallerIdentity();

        assertThat(me.arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
        assertThat(me.account()).isEqualTo(SandboxFixture.ACCOUNT);
        assertThat(me.userId()).matches("AIDA[A-Z2-7]{17}");
    }

    @Test
    void getSessionTokenIssuesWorkingTemporaryCredentialsForTheSameUser() {
        Credentials c = sts.getSessionToken().credentials();

        assertThat(c.accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(c.secretAccessKey()).hasSize(40);
        assertThat(c.sessionToken()).isNotBlank();
        assertThat(Duration.between(sandbox.clock().instant(), c.expiration()))
                .isBetween(Duration.ofSeconds(3590), Duration.ofSeconds(3600));
        AwsSessionCredentials temporary = SandboxFixture.session(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
        try (StsClient asTemporary = sandbox.sts(temporary); SsmClient ssm = sandbox.ssm(temporary)) {
            assertThat(asTemporary.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
            assertThat(ssm.startSession(b -> b.target("i-0a1b2c3d4e5f60001")).sessionId()).startsWith("alice-");
            assertThatThrownBy(asTemporary::getSessionToken).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                assertThat(e.statusCode()).isEqualTo(403);
            });
        }
    }

    @Test
    void assumeRoleIssuesRoleSessionCredentialsThatNameSessionsAndOwners() {
        AssumeRoleResponse r = sts.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/Admin")
                .roleSessionName("carol").durationSeconds(900));

        assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/Admin/carol");
        assertThat(r.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z2-7]{17}:carol");
        Credentials c = r.credentials();
        assertThat(Duration.between(sandbox.clock().instant(), c.expiration()))
                .isBetween(Duration.ofSeconds(890), Duration.ofSeconds(900));
        AwsSessionCredentials carol = SandboxFixture.session(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
        try (StsClient asCarol = sandbox.sts(carol); SsmClient ssm = sandbox.ssm(carol)) {
            assertThat(asCarol.getCallerIdentity().arn()).isEqualTo(r.assumedRoleUser().arn());
            String id = ssm.startSession(b -> b.target("i-0a1b2c3d4e5f60003")).sessionId();
            assertThat(id).matches("carol-[0-9a-f]{17}");
            Session s = ssm.describeSessions(b -> b.state("Active").filters(SessionFilter.builder().key("SessionId").value(id).build()))
                    .sessions().get(0);
            assertThat(s.owner()).isEqualTo("arn:aws:sts::123456789012:assumed-role/Admin/carol");
        }
    }

    @Test
    void durationsOutsideTheLimitsAreValidationErrors() {
        assertThatThrownBy(() -> sts.getSessionToken(b -> b.durationSeconds(60)))
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '60'"
                            + " at 'durationSeconds' failed to satisfy constraint: Member must have value greater than"
                            + " or equal to 900");
                });
        assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/Admin")
                .roleSessionName("x").durationSeconds(50000)))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationError"));
        assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/Admin")))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("'roleSessionName'").contains("must not be null"));
        assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn("not-an-arn-but-long-enough").roleSessionName("dave")))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationError"));
    }
}
