package dev.warden.client.resume;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for resume attempts: attempt {@code n} (from 0) waits a random time in
 * {@code [base/2, base]} with {@code base = min(max, initial * 2^n)}. The jitter keeps many clients that lost
 * their connections together (a service deployment) from retrying in lockstep; the lower bound keeps a retry
 * from coming right back. Unlike the official client's retryer, it never restarts from the initial delay and
 * never runs out of attempts: the overall resume deadline is what ends the retrying.
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;

    /** @param random values in [0, 1) */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialNanos = Objects.requireNonNull(initial, "initial").toNanos();
        this.maxNanos = Objects.requireNonNull(max, "max").toNanos();
        this.random = Objects.requireNonNull(random, "random");
        if (initialNanos <= 0 || maxNanos < initialNanos) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
    }

    /** The un-jittered delay of attempt {@code attempt}. */
    public long baseNanos(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative");
        }
        long base = initialNanos;
        for (int i = 0; i < attempt && base < maxNanos; i++) {
            base = base > maxNanos / 2 ? maxNanos : base * 2;
        }
        return Math.min(base, maxNanos);
    }

    /** The delay before attempt {@code attempt}, jittered within {@code [base/2, base]}. */
    public Duration delay(int attempt) {
        long base = baseNanos(attempt);
        long half = base / 2;
        double r = Math.min(Math.max(random.getAsDouble(), 0.0), Math.nextDown(1.0));
        return Duration.ofNanos(half + (long) (r * (base - half + 1)));
    }
}
