package dev.warden.governance.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The API key an EventBridge connection sends in its header. Compared in constant time (of SHA-256 digests, so
 * that not even the key's length shows in the time taken); never printed.
 */
public final class ApiKey {

    private final byte[] digest;

    private ApiKey(byte[] digest) {
        this.digest = digest;
    }

    /** @throws IllegalArgumentException when the key is empty */
    public static ApiKey of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the events API key is empty");
        }
        return new ApiKey(sha256(value.strip()));
    }

    /** True when {@code presented} (a header's value, null when absent) is the key. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented.strip()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKey[hidden]";
    }
}
