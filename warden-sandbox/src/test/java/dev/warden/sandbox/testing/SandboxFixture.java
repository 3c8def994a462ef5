package dev.warden.sandbox.testing;

import dev.warden.sandbox.SandboxServer;
import dev.warden.sandbox.config.SandboxConfig;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A started sandbox with a movable clock, and AWS SDK clients pointed at it. Clients never retry, so every
 * test sees exactly the sandbox's first answer.
 */
public final class SandboxFixture implements AutoCloseable {

    public static final AwsCredentials ALICE =
            AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    public static final AwsCredentials BOB =
            AwsBasicCredentials.create("AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY");
    public static final String ACCOUNT = "123456789012";

    private final MutableClock clock = new MutableClock();
    private final SandboxServer server;
    private final URI endpoint;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();

    public SandboxFixture() {
        this(SandboxConfig.defaults());
    }

    public SandboxFixture(SandboxConfig config) {
        server = SandboxServer.builder(config).clock(clock).build();
        endpoint = server.start();
    }

    public SandboxServer server() {
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    public MutableClock clock() {
        return clock;
    }

    public SsmClient ssm() {
        return ssm(ALICE);
    }

    public SsmClient ssm(AwsCredentials credentials) {
        return SsmClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** An SSM client with the SDK's default retry behaviour (it corrects clock skew from the Date header). */
    public SsmClient ssmWithDefaultRetries(AwsCredentials credentials) {
        return SsmClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }

    public StsClient sts(AwsCredentials credentials) {
        return StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public KmsClient kms(AwsCredentials credentials) {
        return KmsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public static AwsSessionCredentials session(String key, String secret, String token) {
        return AwsSessionCredentials.create(key, secret, token);
    }

    @Override
    public void close() {
        server.close();
        http.close();
    }
}
