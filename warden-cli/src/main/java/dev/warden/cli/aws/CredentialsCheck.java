package dev.warden.cli.aws;

import dev.warden.cli.CommandFailure;
import dev.warden.cli.ExitCodes;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.Profile;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What the credentials will do over a long session, checked once at start. Temporary credentials (with a session
 * token) that come as fixed values (environment variables, or a profile with static keys) cannot be renewed by
 * this process: the session can only last until they expire. Everything else is either refreshable (a profile
 * with credential_process, SSO, role_arn, web identity; container and instance roles) or long-term keys.
 *
 * @param fixedTemporary whether the credentials are temporary and cannot be refreshed
 * @param expiry         when they expire, if known (AWS_CREDENTIAL_EXPIRATION or the provider's expiration)
 * @param accessKeyId    the access key id, which may be shown (never the secret or the token)
 */
public record CredentialsCheck(boolean fixedTemporary, Optional<Instant> expiry, String accessKeyId) {

    private static final String FIX = "for sessions that outlive them, use a profile with credential_process, SSO "
            + "or role_arn (see docs/client.md)";

    /** Resolves the credentials once (failing with a clear message when there are none) and classifies them. */
    public static CredentialsCheck of(AwsSettings settings, AwsCredentialsProvider provider) {
        AwsCredentials credentials;
        try {
            credentials = provider.resolveCredentials();
        } catch (SdkClientException e) {
            throw new CommandFailure(ExitCodes.CREDENTIALS, "no AWS credentials: " + firstSentence(e.getMessage())
                    + " Set AWS_PROFILE or --profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.", e);
        }
        boolean temporary = credentials instanceof AwsSessionCredentials;
        boolean fixed = fromEnvironment(settings, credentials) || fromStaticProfile(settings);
        Optional<Instant> expiry = credentials.expirationTime();
        if (fromEnvironment(settings, credentials)) {
            expiry = parse(settings.environment().get("AWS_CREDENTIAL_EXPIRATION")).or(() -> credentials.expirationTime());
        }
        return new CredentialsCheck(temporary && fixed, expiry, credentials.accessKeyId());
    }

    /** The one line to print at start for credentials that cannot be refreshed, if they are such. */
    public Optional<String> notice() {
        if (!fixedTemporary) {
            return Optional.empty();
        }
        return Optional.of("warden: these temporary credentials (" + accessKeyId + ") cannot be refreshed"
                + expiry.map(e -> " and expire at " + e).orElse("") + "; the session ends when they do. " + FIX + ".");
    }

    /** The message when such credentials have expired under a running session. */
    public String expiredMessage() {
        return "the temporary credentials (" + accessKeyId + ") expired" + expiry.map(e -> " at " + e).orElse("")
                + " and cannot be refreshed; " + FIX + ".";
    }

    private static boolean fromEnvironment(AwsSettings settings, AwsCredentials credentials) {
        String envKey = settings.environment().get("AWS_ACCESS_KEY_ID");
        return !settings.fromFlag() && envKey != null && envKey.equals(credentials.accessKeyId());
    }

    private static boolean fromStaticProfile(AwsSettings settings) {
        if (!settings.fromFlag() && settings.environment().get("AWS_ACCESS_KEY_ID") != null) {
            return false;
        }
        Optional<Profile> profile;
        try {
            profile = settings.profileDefinition();
        } catch (CommandFailure e) {
            return false;
        }
        return profile.map(p -> p.property("aws_access_key_id").isPresent()
                && p.property("credential_process").isEmpty() && p.property("role_arn").isEmpty()
                && p.property("sso_session").isEmpty() && p.property("sso_start_url").isEmpty()
                && p.property("web_identity_token_file").isEmpty()).orElse(false);
    }

    private static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "none found.";
        }
        int end = message.indexOf(". ");
        return end < 0 ? message : message.substring(0, end + 1);
    }
}
