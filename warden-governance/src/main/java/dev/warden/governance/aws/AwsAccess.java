package dev.warden.governance.aws;

import dev.warden.governance.policy.AccountScope;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * SDK clients per account × region: the caller's credentials for an account without a role, else the role
 * assumed through STS (with its external id), refreshed by the SDK before it expires. One HTTP client is shared.
 */
public final class AwsAccess implements AutoCloseable {

    private static final String ROLE_SESSION_NAME = "warden-governance";

    private final AwsCredentialsProvider baseCredentials;
    private final Optional<URI> endpoint;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<AccountRegion, SsmClient> ssmClients = new ConcurrentHashMap<>();
    private final Map<AccountRegion, AutoCloseable> owned = new ConcurrentHashMap<>();
    private final List<ExecutionInterceptor> interceptors;
    private final Map<String, SnsClient> snsClients = new ConcurrentHashMap<>();
    private final Map<String, SqsClient> sqsClients = new ConcurrentHashMap<>();
    private final Map<AccountRegion, S3Client> s3Clients = new ConcurrentHashMap<>();
    private final Map<AccountRegion, CloudWatchLogsClient> logsClients = new ConcurrentHashMap<>();
    private final Map<AccountRegion, AwsCredentialsProvider> providers = new ConcurrentHashMap<>();

    /**
     * @param baseCredentials the caller's credentials (e.g. the SDK's default chain)
     * @param endpoint        an endpoint for SSM and STS instead of AWS's (the sandbox), if any
     */
    public AwsAccess(AwsCredentialsProvider baseCredentials, Optional<URI> endpoint) {
        this(baseCredentials, endpoint, List.of());
    }

    /** As above, with SDK interceptors on every client (e.g. to see which API calls the engine makes). */
    public AwsAccess(AwsCredentialsProvider baseCredentials, Optional<URI> endpoint,
                     List<ExecutionInterceptor> interceptors) {
        this.baseCredentials = baseCredentials;
        this.endpoint = endpoint;
        this.interceptors = List.copyOf(interceptors);
    }

    public SsmClient ssm(AccountScope account, String region) {
        AccountRegion pair = new AccountRegion(account.accountId(), region);
        return ssmClients.computeIfAbsent(pair, p -> {
            var builder = SsmClient.builder().region(Region.of(region)).httpClient(http)
                    .credentialsProvider(credentials(account, region))
                    .overrideConfiguration(o -> o.executionInterceptors(interceptors));
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** An S3 client of the account × region (path-style addressing when an endpoint replaces AWS's). */
    public S3Client s3(AccountScope account, String region) {
        return s3Clients.computeIfAbsent(new AccountRegion(account.accountId(), region), p -> {
            var builder = S3Client.builder().region(Region.of(region)).httpClient(http)
                    .credentialsProvider(credentials(account, region))
                    .overrideConfiguration(o -> o.executionInterceptors(interceptors));
            endpoint.ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true));
            return builder.build();
        });
    }

    /** A CloudWatch Logs client of the account × region. */
    public CloudWatchLogsClient logs(AccountScope account, String region) {
        return logsClients.computeIfAbsent(new AccountRegion(account.accountId(), region), p -> {
            var builder = CloudWatchLogsClient.builder().region(Region.of(region)).httpClient(http)
                    .credentialsProvider(credentials(account, region))
                    .overrideConfiguration(o -> o.executionInterceptors(interceptors));
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** An SNS client for alerts in {@code region}, with the caller's own credentials. */
    public SnsClient sns(String region) {
        return snsClients.computeIfAbsent(region, r -> {
            var builder = SnsClient.builder().region(Region.of(r)).httpClient(http).credentialsProvider(baseCredentials)
                    .overrideConfiguration(o -> o.executionInterceptors(interceptors));
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** An SQS client in {@code region}, with the caller's own credentials (watch's event queue). */
    public SqsClient sqs(String region) {
        return sqsClients.computeIfAbsent(region, r -> {
            var builder = SqsClient.builder().region(Region.of(r)).httpClient(http).credentialsProvider(baseCredentials)
                    .overrideConfiguration(o -> o.executionInterceptors(interceptors));
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** One credentials provider per account × region, shared by its clients. */
    private AwsCredentialsProvider credentials(AccountScope account, String region) {
        if (account.roleArn().isEmpty()) {
            return baseCredentials;
        }
        return providers.computeIfAbsent(new AccountRegion(account.accountId(), region),
                pair -> assumeRole(account, region, pair));
    }

    private AwsCredentialsProvider assumeRole(AccountScope account, String region, AccountRegion pair) {
        var stsBuilder = StsClient.builder().region(Region.of(region)).httpClient(http)
                .credentialsProvider(baseCredentials).overrideConfiguration(o -> o.executionInterceptors(interceptors));
        endpoint.ifPresent(stsBuilder::endpointOverride);
        StsClient sts = stsBuilder.build();
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> {
                    r.roleArn(account.roleArn().get()).roleSessionName(ROLE_SESSION_NAME);
                    account.externalId().ifPresent(r::externalId);
                })
                .build();
        owned.put(pair, () -> {
            provider.close();
            sts.close();
        });
        return provider;
    }

    @Override
    public void close() {
        ssmClients.values().forEach(SsmClient::close);
        snsClients.values().forEach(SnsClient::close);
        sqsClients.values().forEach(SqsClient::close);
        s3Clients.values().forEach(S3Client::close);
        logsClients.values().forEach(CloudWatchLogsClient::close);
        owned.values().forEach(c -> {
            try {
                c.close();
            } catch (Exception e) {
                // closing is best effort: the process is done with these clients
            }
        });
        http.close();
    }
}
