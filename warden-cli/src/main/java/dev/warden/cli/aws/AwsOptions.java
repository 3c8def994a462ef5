package dev.warden.cli.aws;

import picocli.CommandLine.Option;

import java.util.Map;

/**
 * The AWS CLI's connection options, as a picocli mixin: {@code --region}, {@code --profile} and
 * {@code --endpoint-url}, each falling back to the environment variables the AWS CLI reads. {@link #resolve()}
 * turns them into {@link AwsSettings}, which build the SDK and Warden clients.
 */
public final class AwsOptions {

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Named profile from ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE). Profiles "
                    + "with credential_process, SSO or role_arn give credentials that are refreshed as they expire.")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "SSM endpoint, e.g. the one `warden sandbox` prints (default: AWS_ENDPOINT_URL_SSM, then "
                    + "AWS_ENDPOINT_URL). KMS calls use AWS_ENDPOINT_URL_KMS, else this endpoint.")
    String endpointUrl;

    public AwsOptions() {
    }

    /** For callers that build the options from another source (plugin mode's argv). */
    public AwsOptions(String region, String profile, String endpointUrl) {
        this.region = region;
        this.profile = profile;
        this.endpointUrl = endpointUrl;
    }

    /** Resolves against this process's environment and the shared AWS config files. */
    public AwsSettings resolve() {
        return resolve(System.getenv());
    }

    /** Resolves against {@code environment} (and the shared AWS config files the SDK locates from it). */
    public AwsSettings resolve(Map<String, String> environment) {
        return AwsSettings.resolve(region, profile, endpointUrl, environment);
    }
}
