package dev.warden.client.testing;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A credentials provider for tests that hands out a new set of temporary credentials whenever the test says, as a
 * refreshing provider (STS, SSO) would: {@code ASIATEST1}, {@code ASIATEST2}, ... Counts how often it is asked.
 */
public final class TestCredentials implements AwsCredentialsProvider {

    private final AtomicInteger generation = new AtomicInteger(1);
    private final AtomicInteger resolutions = new AtomicInteger();
    private volatile Instant expiry;

    /** @param expiry the expiry of every set handed out; null for credentials without expiry (static keys) */
    public TestCredentials(Instant expiry) {
        this.expiry = expiry;
    }

    /** From now on, hand out the next set, expiring at {@code newExpiry}. */
    public void rotate(Instant newExpiry) {
        generation.incrementAndGet();
        expiry = newExpiry;
    }

    public String currentKeyId() {
        return "ASIATEST" + generation.get();
    }

    public int resolutions() {
        return resolutions.get();
    }

    @Override
    public AwsCredentials resolveCredentials() {
        resolutions.incrementAndGet();
        int g = generation.get();
        AwsSessionCredentials.Builder b = AwsSessionCredentials.builder().accessKeyId("ASIATEST" + g)
                .secretAccessKey("secret-" + g).sessionToken("token-" + g);
        Instant e = expiry;
        if (e != null) {
            b.expirationTime(e);
        }
        return b.build();
    }
}
