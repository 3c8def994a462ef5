package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warden.sandbox.config.SandboxConfig;
import dev.warden.sandbox.config.StsLimits;
import dev.warden.sandbox.testing.SandboxFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Every authentication failure through the AWS SDK for Java, with AWS's error code, status and message: SSM
 * and KMS (JSON protocol, status 400) and STS (query protocol, status 403).
 */
class AuthenticationSdkTest {

    private static final AwsBasicCredentials NOBODY = AwsBasicCredentials.create("AKIAUNKNOWNEXAMPLE00", "x");
    private static final AwsBasicCredentials ALICE_WRONG_SECRET =
            AwsBasicCredentials.create(SandboxFixture.ALICE.accessKeyId(), "not-alices-secret");

    private static SandboxFixture sandbox;

    @BeforeAll
    static void start() {
        sandbox = new SandboxFixture(SandboxConfig.defaults().withSts(new StsLimits(1, 43200, 3600)));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /**
     * Resets both clocks. The SDK keeps one process-wide clock offset (SdkGlobalTime) that it adjusts from a
     * response's Date header on every clock-skew error, even without retries, exactly as against AWS; left
     * alone it would make later tests sign with a skewed clock.
     */
    @AfterEach
    void resetClocks() {
        sandbox.clock().skew(Duration.ZERO);
        SdkGlobalTime.setGlobalTimeOffset(0);
    }

    @Test
    void anUnknownAccessKeyIsUnrecognizedClient() {
        try (SsmClient ssm = sandbox.ssm(NOBODY); KmsClient kms = sandbox.kms(NOBODY);
             StsClient sts = sandbox.sts(NOBODY)) {
            assertAwsError(() -> ssm.describeInstanceInformation(), "UnrecognizedClientException", 400,
                    "The security token included in the request is invalid.");
            assertAwsError(() -> kms.generateDataKey(b -> b.keyId("alias/session-manager").numberOfBytes(64)),
                    "UnrecognizedClientException", 400, "The security token included in the request is invalid.");
            assertAwsError(sts::getCallerIdentity, "InvalidClientTokenId", 403,
                    "The security token included in the request is invalid.");
        }
    }

    @Test
    void theWrongSecretIsABadSignature() {
        try (SsmClient ssm = sandbox.ssm(ALICE_WRONG_SECRET); StsClient sts = sandbox.sts(ALICE_WRONG_SECRET)) {
            assertAwsError(() -> ssm.describeSessions(b -> b.state("Active")), "InvalidSignatureException", 400,
                    "The request signature we calculated does not match the signature you provided. Check your AWS"
                            + " Secret Access Key and signing method. Consult the service documentation for details.");
            assertAwsError(sts::getCallerIdentity, "SignatureDoesNotMatch", 403, null);
        }
    }

    @Test
    void aSessionTokenThatDoesNotBelongToTheKeyIsUnrecognized() {
        AwsSessionCredentials forged = AwsSessionCredentials.create(SandboxFixture.ALICE.accessKeyId(),
                SandboxFixture.ALICE.secretAccessKey(), "forged-token");
        try (SsmClient ssm = sandbox.ssm(forged)) {
            assertAwsError(() -> ssm.describeInstanceInformation(), "UnrecognizedClientException", 400, null);
        }
    }

    @Test
    void noAuthorizationHeaderIsMissingAuthenticationToken() {
        try (SsmClient anonymous = SsmClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            assertAwsError(() -> anonymous.describeInstanceInformation(), "MissingAuthenticationTokenException", 400,
                    "Missing Authentication Token");
        }
    }

    @Test
    void aClientClockTenMinutesBehindGetsSignatureExpiredInAwsWords() {
        sandbox.clock().skew(Duration.ofMinutes(10));
        try (SsmClient ssm = sandbox.ssm(); StsClient sts = sandbox.sts(SandboxFixture.ALICE)) {
            assertThatThrownBy(() -> ssm.describeInstanceInformation())
                    .isInstanceOfSatisfying(SsmException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).matches(
                                "Signature expired: \\d{8}T\\d{6}Z is now earlier than \\d{8}T\\d{6}Z"
                                        + " \\(\\d{8}T\\d{6}Z - 5 min\\.\\)");
                    });
            assertAwsError(sts::getCallerIdentity, "SignatureDoesNotMatch", 403, null);
        }
    }

    @Test
    void aClientClockTenMinutesAheadGetsSignatureNotYetCurrent() {
        sandbox.clock().skew(Duration.ofMinutes(-10));
        try (SsmClient ssm = sandbox.ssm()) {
            assertThatThrownBy(() -> ssm.describeInstanceInformation())
                    .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .startsWith("Signature not yet current: ").contains("is still later than"));
        }
    }

    @Test
    void theSdkCorrectsItsClockFromTheSandboxDateHeaderAsItDoesWithAws() {
        sandbox.clock().skew(Duration.ofMinutes(10));
        try (SsmClient ssm = sandbox.ssmWithDefaultRetries(SandboxFixture.ALICE)) {
            assertThat(ssm.describeInstanceInformation().instanceInformationList()).isNotEmpty();
            assertThat(SdkGlobalTime.getGlobalTimeOffset()).as("offset in seconds").isBetween(-610, -590);
        }
    }

    @Test
    void stsCredentialsExpireWithinSecondsAndThenGetExpiredToken() {
        Credentials issued;
        try (StsClient sts = sandbox.sts(SandboxFixture.ALICE)) {
            issued = sts.getSessionToken(b -> b.durationSeconds(2)).credentials();
        }
        assertThat(Duration.between(sandbox.clock().instant(), issued.expiration())).isBetween(Duration.ZERO,
                Duration.ofSeconds(2));
        AwsSessionCredentials temporary = SandboxFixture.session(issued.accessKeyId(), issued.secretAccessKey(),
                issued.sessionToken());
        try (SsmClient ssm = sandbox.ssm(temporary)) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertAwsError(() -> ssm.describeInstanceInformation(), "ExpiredTokenException", 400,
                            "The security token included in the request is expired"));
        }
    }

    @Test
    void expiryFollowsTheServerClockAcrossServices() {
        Credentials issued;
        try (StsClient sts = sandbox.sts(SandboxFixture.ALICE)) {
            issued = sts.getSessionToken(b -> b.durationSeconds(120)).credentials();
        }
        AwsSessionCredentials temporary = SandboxFixture.session(issued.accessKeyId(), issued.secretAccessKey(),
                issued.sessionToken());
        try (SsmClient ssm = sandbox.ssm(temporary); KmsClient kms = sandbox.kms(temporary);
             StsClient sts = sandbox.sts(temporary)) {
            assertThat(ssm.describeInstanceInformation().instanceInformationList()).isNotEmpty();
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");

            sandbox.clock().skew(Duration.ofSeconds(121));

            assertAwsError(() -> ssm.describeInstanceInformation(), "ExpiredTokenException", 400, null);
            assertAwsError(() -> kms.generateDataKey(b -> b.keyId("alias/session-manager").numberOfBytes(64)),
                    "ExpiredTokenException", 400, null);
            assertAwsError(sts::getCallerIdentity, "ExpiredToken", 403,
                    "The security token included in the request is expired");
        }
    }

    @Test
    void expiredTokenCanBeAnsweredWith403WhenConfigured() {
        try (SandboxFixture strict = new SandboxFixture(SandboxConfig.defaults()
                .withSts(new StsLimits(1, 43200, 3600)).withExpiredTokenStatus(403))) {
            Credentials issued;
            try (StsClient sts = strict.sts(SandboxFixture.ALICE)) {
                issued = sts.getSessionToken(b -> b.durationSeconds(60)).credentials();
            }
            strict.clock().skew(Duration.ofMinutes(2));
            try (SsmClient ssm = strict.ssm(SandboxFixture.session(issued.accessKeyId(), issued.secretAccessKey(),
                    issued.sessionToken()))) {
                assertAwsError(() -> ssm.describeInstanceInformation(), "ExpiredTokenException", 403, null);
            }
        }
    }

    @Test
    void revokedKeysStopWorkingImmediately() {
        try (StsClient sts = sandbox.sts(SandboxFixture.ALICE)) {
            Credentials issued = sts.getSessionToken(b -> b.durationSeconds(600)).credentials();
            sandbox.server().credentials().revoke(issued.accessKeyId());
            try (SsmClient ssm = sandbox.ssm(SandboxFixture.session(issued.accessKeyId(), issued.secretAccessKey(),
                    issued.sessionToken()))) {
                assertAwsError(() -> ssm.describeInstanceInformation(), "UnrecognizedClientException", 400, null);
            }
        }
    }

    private static void assertAwsError(Runnable call, String code, int status, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.requestId()).isNotBlank();
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
            if (code.startsWith("InvalidClientTokenId") || code.startsWith("SignatureDoesNotMatch")
                    || code.equals("ExpiredToken")) {
                assertThat(e).isInstanceOf(StsException.class);
            }
        });
    }
}
