package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.config.SupportingResources.Bucket;
import dev.warden.sandbox.testing.SandboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/** The bucket settings a session-log audit reads, through the AWS SDK's S3 client (path-style). */
class S3SdkTest {

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static SandboxFixture sandbox;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        sandbox = new SandboxFixture(SandboxConfigLoader.fromYaml("""
                regions: [us-east-1, eu-west-1]
                s3:
                  buckets:
                    - {name: locked-logs, encryption: aws:kms, kmsKeyId: "%s", versioning: Enabled, objectLock: true}
                    - {name: old-logs, encryption: none}
                    - {name: west-logs, encryption: AES256, versioning: Suspended, region: eu-west-1}
                """.formatted(KEY), "s3.yaml"));
        s3 = s3(SandboxFixture.ALICE, "us-east-1");
    }

    @AfterAll
    static void stop() {
        s3.close();
        sandbox.close();
    }

    @Test
    void aLockedKmsEncryptedBucketShowsEachSetting() {
        s3.headBucket(r -> r.bucket("locked-logs"));
        ServerSideEncryptionRule rule = s3.getBucketEncryption(r -> r.bucket("locked-logs"))
                .serverSideEncryptionConfiguration().rules().get(0);
        assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(rule.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo(KEY);
        assertThat(s3.getBucketVersioning(r -> r.bucket("locked-logs")).status())
                .isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(s3.getObjectLockConfiguration(r -> r.bucket("locked-logs")).objectLockConfiguration()
                .objectLockEnabled()).isEqualTo(ObjectLockEnabled.ENABLED);
    }

    @Test
    void anUnprotectedBucketAnswersAsS3Does() {
        assertThatThrownBy(() -> s3.getBucketEncryption(r -> r.bucket("old-logs")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ServerSideEncryptionConfigurationNotFoundError"));
        assertThat(s3.getBucketVersioning(r -> r.bucket("old-logs")).status()).isNull();
        assertThatThrownBy(() -> s3.getObjectLockConfiguration(r -> r.bucket("old-logs")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ObjectLockConfigurationNotFoundError"));
    }

    @Test
    void settingsChangedBehindTheAuditsBackAreSeen() {
        Bucket before = sandbox.server().buckets().find("old-logs").orElseThrow();
        sandbox.server().buckets().put(new Bucket(before.placement(), "old-logs", "AES256", null, "Enabled", false));
        assertThat(s3.getBucketVersioning(r -> r.bucket("old-logs")).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        sandbox.server().buckets().put(before);
    }

    @Test
    void aMissingBucketAWrongRegionAndAnotherAccountAreRefused() {
        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket("no-such-bucket")))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s3.getBucketEncryption(r -> r.bucket("no-such-bucket")))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s3.getBucketVersioning(r -> r.bucket("west-logs")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("AuthorizationHeaderMalformed"));
        try (S3Client west = s3(SandboxFixture.ALICE, "eu-west-1")) {
            assertThat(west.getBucketVersioning(r -> r.bucket("west-logs")).status())
                    .isEqualTo(BucketVersioningStatus.SUSPENDED);
        }
        try (S3Client stranger = s3(AwsBasicCredentials.create("AKIAUNKNOWNKEY000000", "x"), "us-east-1")) {
            assertThatThrownBy(() -> stranger.getBucketVersioning(r -> r.bucket("locked-logs")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    private static S3Client s3(AwsCredentials credentials, String region) {
        return S3Client.builder().endpointOverride(sandbox.endpoint()).region(Region.of(region))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
