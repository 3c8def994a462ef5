package dev.warden.cli.aws;

import dev.warden.cli.CommandFailure;
import dev.warden.cli.ExitCodes;
import dev.warden.client.ClientOptions;
import dev.warden.client.WardenClient;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * Where and as whom to call AWS, resolved the way the AWS CLI does: flags first, then environment variables, then
 * the profile. Credentials are a provider (the SDK's default chain, or the named profile with everything the SDK
 * supports in it: static keys, credential_process, SSO, role_arn with source_profile, web identity), asked again
 * whenever the client signs something, never a captured value.
 *
 * @param region       the region every call is signed for
 * @param profile      the named profile, or empty for the default chain
 * @param fromFlag     whether the profile came from {@code --profile} (then it wins over environment keys, as in
 *                     the AWS CLI) rather than from AWS_PROFILE
 * @param ssmEndpoint  the SSM endpoint override, or null for AWS's
 * @param kmsEndpoint  the KMS endpoint override, or null for AWS's
 * @param environment  the environment the settings were resolved from
 */
public record AwsSettings(String region, Optional<String> profile, boolean fromFlag, URI ssmEndpoint,
                          URI kmsEndpoint, Map<String, String> environment) {

    static AwsSettings resolve(String regionFlag, String profileFlag, String endpointFlag,
                               Map<String, String> env) {
        Optional<String> profile = firstNonBlank(profileFlag, env.get("AWS_PROFILE"));
        URI ssm = endpoint(firstNonBlank(endpointFlag, env.get("AWS_ENDPOINT_URL_SSM"), env.get("AWS_ENDPOINT_URL")),
                endpointFlag != null ? "--endpoint-url" : "AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL");
        URI kms = endpoint(firstNonBlank(env.get("AWS_ENDPOINT_URL_KMS"), endpointFlag, env.get("AWS_ENDPOINT_URL")),
                "AWS_ENDPOINT_URL_KMS");
        String region = firstNonBlank(regionFlag, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"))
                .or(() -> profileRegion(profile.orElse("default")))
                .orElseThrow(() -> new CommandFailure(ExitCodes.USAGE, "no region: give --region, set AWS_REGION, "
                        + "or set region in the profile (" + profile.orElse("default") + ")"));
        return new AwsSettings(region, profile, profileFlag != null && !profileFlag.isBlank(), ssm, kms, env);
    }

    /** The credentials provider: the named profile when {@code --profile} was given, else the default chain. */
    public AwsCredentialsProvider credentialsProvider() {
        if (fromFlag) {
            if (profileDefinition().isEmpty()) {
                throw new CommandFailure(ExitCodes.USAGE, "the profile '" + profile.get()
                        + "' is not in ~/.aws/config or ~/.aws/credentials");
            }
            return ProfileCredentialsProvider.builder().profileName(profile.get()).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** The profile's definition from the shared config files, if the profile names one that exists. */
    public Optional<Profile> profileDefinition() {
        try {
            return ProfileFile.defaultProfileFile().profile(profile.orElse("default"));
        } catch (RuntimeException e) {
            throw new CommandFailure(ExitCodes.USAGE, "cannot read the AWS config files: " + e.getMessage(), e);
        }
    }

    /** A Warden client over these settings; the caller closes it. */
    public WardenClient wardenClient(AwsCredentialsProvider credentials, ClientOptions options) {
        WardenClient.Builder builder = WardenClient.builder().region(region).credentials(credentials).options(options);
        if (ssmEndpoint != null) {
            builder.ssmEndpoint(ssmEndpoint);
        }
        if (kmsEndpoint != null) {
            builder.kmsEndpoint(kmsEndpoint);
        }
        return builder.build();
    }

    /** An SSM client for the API calls around a session (target lookup, DescribeSessions); the caller closes it. */
    public SsmClient ssmClient(AwsCredentialsProvider credentials) {
        return SsmClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .applyMutation(b -> {
                    if (ssmEndpoint != null) {
                        b.endpointOverride(ssmEndpoint);
                    }
                }).build();
    }

    private static Optional<String> profileRegion(String profile) {
        try {
            return ProfileFile.defaultProfileFile().profile(profile).flatMap(p -> p.property("region"));
        } catch (RuntimeException e) {
            return Optional.empty(); // a broken config file is reported when credentials are read from it
        }
    }

    private static URI endpoint(Optional<String> value, String source) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(value.get().trim());
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new URISyntaxException(value.get(), "expected http://host[:port] or https://host[:port]");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CommandFailure(ExitCodes.USAGE, "invalid endpoint URL in " + source + ": " + value.get()
                    + " (expected http://host[:port] or https://host[:port])");
        }
    }

    private static Optional<String> firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
        }
        return Optional.empty();
    }
}
