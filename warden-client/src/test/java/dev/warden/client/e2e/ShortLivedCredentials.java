package dev.warden.client.e2e;

import dev.warden.sandbox.testing.SandboxClients;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Temporary credentials from the sandbox's STS (GetSessionToken) that live only seconds, refreshed like the SDK's
 * own STS providers do: a new set once the current one has less than {@code refreshBefore} left. A refreshable
 * source, as a profile with role_arn or SSO would be.
 */
final class ShortLivedCredentials implements AwsCredentialsProvider, AutoCloseable {

    private final StsClient sts;
    private final int lifetimeSeconds;
    private final Duration refreshBefore;
    private final AtomicInteger issued = new AtomicInteger();
    private AwsSessionCredentials current;

    ShortLivedCredentials(SandboxFixture fixture, int lifetimeSeconds, Duration refreshBefore) {
        this.sts = SandboxClients.withoutRetries(StsClient.builder(), fixture.sandbox);
        this.lifetimeSeconds = lifetimeSeconds;
        this.refreshBefore = refreshBefore;
    }

    /** How many sets STS issued so far. */
    int issued() {
        return issued.get();
    }

    /** A fresh set from STS, outside the cache. */
    AwsSessionCredentials issue() {
        Credentials c = sts.getSessionToken(r -> r.durationSeconds(lifetimeSeconds)).credentials();
        issued.incrementAndGet();
        return AwsSessionCredentials.builder().accessKeyId(c.accessKeyId()).secretAccessKey(c.secretAccessKey())
                .sessionToken(c.sessionToken()).expirationTime(c.expiration()).build();
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
        if (current == null || current.expirationTime().orElseThrow().minus(refreshBefore).isBefore(Instant.now())) {
            current = issue();
        }
        return current;
    }

    @Override
    public void close() {
        sts.close();
    }
}
