package dev.warden.governance.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows token guessing: a client address that failed to sign in {@code maxFailures} times within {@code window} is
 * refused, right token or not, until its oldest failure leaves the window. Tokens are at least
 * {@link AccessTokens#MIN_LENGTH} characters, but operators choose them; this bounds the guesses an address gets to
 * {@code maxFailures} per window.
 *
 * <p>Kept in memory, like the sign-ins themselves: a restart forgets the failures. The address is the peer's (a
 * reverse proxy's own address when there is one: there the proxy should rate-limit too, as it alone knows the
 * client).
 */
final class SignInThrottle {

    /** Failures remembered at most: a flood of addresses cannot grow the map without bound. */
    static final int MAX_ADDRESSES = 10_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxFailures;
    private final Duration window;

    SignInThrottle(Clock clock, int maxFailures, Duration window) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** How long {@code address} must still wait before trying again; empty when it may try now. */
    Optional<Duration> waitFor(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        synchronized (recent) {
            forgetOld(recent, now);
            if (recent.size() < maxFailures) {
                return Optional.empty();
            }
            return Optional.of(Duration.between(now, recent.peekFirst().plus(window)));
        }
    }

    /** A wrong token from {@code address}. */
    void failed(String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_ADDRESSES) {
            failures.values().removeIf(recent -> {
                synchronized (recent) {
                    forgetOld(recent, now);
                    return recent.isEmpty();
                }
            });
        }
        Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (recent) {
            forgetOld(recent, now);
            recent.addLast(now);
            // Only the newest maxFailures matter for the wait; older ones need not be kept.
            while (recent.size() > maxFailures) {
                recent.removeFirst();
            }
        }
    }

    /** A successful sign-in: the address's earlier mistakes are forgiven. */
    void succeeded(String address) {
        failures.remove(address);
    }

    private void forgetOld(Deque<Instant> recent, Instant now) {
        Instant horizon = now.minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(horizon)) {
            recent.removeFirst();
        }
    }
}
