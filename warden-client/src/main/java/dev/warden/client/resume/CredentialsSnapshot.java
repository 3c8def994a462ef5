package dev.warden.client.resume;

import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What the resume logic needs to know about a set of credentials, without holding the secrets: the access key
 * id, whether they are temporary, when they expire, and a fingerprint that tells two sets apart.
 *
 * <p>Credentials without an expiry come from static sources (environment variables, system properties, static
 * profile keys); the SDK's refreshing providers (STS, SSO, credential_process, container, instance profile) set
 * one. So "has an expiry" is the test for "can be refreshed inside this process" (client-protocol.md §9).
 *
 * @param accessKeyId the access key id (not secret)
 * @param temporary   whether there is a session token
 * @param expiration  when they expire, if known
 * @param fingerprint a hash of the secret parts, to tell whether the provider handed out new credentials
 */
public record CredentialsSnapshot(String accessKeyId, boolean temporary, Optional<Instant> expiration,
                                  String fingerprint) {

    public CredentialsSnapshot {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    public static CredentialsSnapshot of(AwsCredentialsIdentity credentials) {
        String token = credentials instanceof AwsSessionCredentialsIdentity session ? session.sessionToken() : null;
        return new CredentialsSnapshot(credentials.accessKeyId(), token != null && !token.isEmpty(),
                credentials.expirationTime(), fingerprint(credentials.accessKeyId(), credentials.secretAccessKey(),
                token));
    }

    /** Whether the provider can hand out different credentials later. */
    public boolean refreshable() {
        return expiration.isPresent();
    }

    /** Whether they have expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiration.map(e -> !e.isAfter(now)).orElse(false);
    }

    /** Whether these are different credentials from {@code other} (rotated or refreshed). */
    public boolean differsFrom(CredentialsSnapshot other) {
        return other == null || !fingerprint.equals(other.fingerprint);
    }

    private static String fingerprint(String accessKeyId, String secret, String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(accessKeyId.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(secret).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(token).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Credentials[" + accessKeyId + (temporary ? ", temporary" : "")
                + expiration.map(e -> ", expires " + e).orElse(", no expiry") + "]";
    }
}
