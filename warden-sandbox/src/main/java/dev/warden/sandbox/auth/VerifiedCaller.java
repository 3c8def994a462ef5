package dev.warden.sandbox.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * The result of a successful signature check: who signed, with which key, and until when the signing
 * credentials are valid. The data plane uses {@link #credentialsExpiry()} to end a SigV4-authenticated
 * websocket when its credentials expire, as the real ssmmessages service appears to do. The region is the one
 * the signature's credential scope names: as in AWS, it decides which region's resources the call sees.
 */
public record VerifiedCaller(Principal principal, String accessKeyId, Instant credentialsExpiry, String region) {

    public Optional<Instant> credentialsExpiryTime() {
        return Optional.ofNullable(credentialsExpiry);
    }
}
