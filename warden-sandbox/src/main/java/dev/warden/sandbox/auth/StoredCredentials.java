package dev.warden.sandbox.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One access key the sandbox accepts. Long-term keys have neither a session token nor an expiry;
 * temporary keys issued by the sandbox's STS have both.
 *
 * <p>{@link #toString()} never shows the secret or the session token, so a record that ends up in a
 * log line or an exception message leaks nothing.
 */
public record StoredCredentials(
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        Instant expiration,
        Principal principal) {

    public StoredCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(principal, "principal");
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("access key id and secret must not be blank");
        }
        if ((sessionToken == null) != (expiration == null)) {
            throw new IllegalArgumentException("a session token and an expiration go together");
        }
    }

    /** Long-term credentials (an IAM user's access key). */
    public static StoredCredentials longTerm(String accessKeyId, String secretAccessKey, Principal principal) {
        return new StoredCredentials(accessKeyId, secretAccessKey, null, null, principal);
    }

    public boolean isTemporary() {
        return sessionToken != null;
    }

    public Optional<Instant> expirationTime() {
        return Optional.ofNullable(expiration);
    }

    /** True once {@code now} has reached the expiration; long-term keys never expire. */
    public boolean isExpiredAt(Instant now) {
        return expiration != null && !now.isBefore(expiration);
    }

    @Override
    public String toString() {
        return "StoredCredentials[accessKeyId=" + accessKeyId + ", temporary=" + isTemporary()
                + ", expiration=" + expiration + ", principal=" + principal.arn() + "]";
    }
}
