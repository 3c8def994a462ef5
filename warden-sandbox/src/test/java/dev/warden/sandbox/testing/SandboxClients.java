package dev.warden.sandbox.testing;

import dev.warden.sandbox.Sandbox;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** AWS SDK clients for a running {@link Sandbox}, signed with its own credentials. */
public final class SandboxClients {

    private SandboxClients() {
    }

    /**
     * Builds a client of the sandbox's endpoint and region that does not retry: a test sees every error the
     * sandbox answers, at once. For example {@code SandboxClients.withoutRetries(SsmClient.builder(), sandbox)}.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C withoutRetries(B builder,
            Sandbox sandbox) {
        return builder.endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(sandbox.accessKeyId(), sandbox.secretAccessKey())))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
