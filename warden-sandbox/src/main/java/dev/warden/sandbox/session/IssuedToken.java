package dev.warden.sandbox.session;

import java.time.Instant;

/**
 * A TokenValue handed out by StartSession or ResumeSession. {@link #toString()} hides the value so that
 * tokens never reach logs.
 */
public record IssuedToken(String value, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedToken[expiresAt=" + expiresAt + "]";
    }
}
