package dev.warden.sandbox.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * The result of a successful signature check: who signed, with which key, and until when the signing
 * credentials are valid. The data plane uses {@link #credentialsExpiry()} to end a SigV4-authenticated
 * websocket when its credentials expire, as the real ssmmessages service appears to do.
 */
public record VerifiedCaller(Principal principal, String accessKeyId, Instant credentialsExpiry) {

    public Optional<Instant> credentialsExpiryTime() {
        return Optional.ofNullable(credentialsExpiry);
    }
}
