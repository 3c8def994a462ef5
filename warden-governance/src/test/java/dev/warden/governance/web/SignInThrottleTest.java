package dev.warden.governance.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.sandbox.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final SignInThrottle throttle = new SignInThrottle(clock, 3, Duration.ofMinutes(15));

    SignInThrottleTest() {
        clock.fixAt(Instant.parse("2026-12-07T10:00:00Z"));
    }

    @Test
    void anAddressWaitsOnceItHasFailedTheLimitWithinTheWindowUntilItsOldestFailureLeavesIt() {
        throttle.failed("192.0.2.1");
        clock.advance(Duration.ofMinutes(5));
        throttle.failed("192.0.2.1");
        assertThat(throttle.waitFor("192.0.2.1")).isEmpty();
        throttle.failed("192.0.2.1");

        assertThat(throttle.waitFor("192.0.2.1")).contains(Duration.ofMinutes(10));
        assertThat(throttle.waitFor("192.0.2.2")).as("another address").isEmpty();

        clock.advance(Duration.ofMinutes(10));
        assertThat(throttle.waitFor("192.0.2.1")).as("the first failure has left the window").isEmpty();
        throttle.failed("192.0.2.1");
        assertThat(throttle.waitFor("192.0.2.1")).as("the second failure is now the oldest")
                .contains(Duration.ofMinutes(5));
    }

    @Test
    void failuresSpreadWiderThanTheWindowNeverBlock() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("192.0.2.1");
            assertThat(throttle.waitFor("192.0.2.1")).as("failure %d", i).isEmpty();
            clock.advance(Duration.ofMinutes(8));
        }
    }

    @Test
    void aSuccessfulSignInForgivesTheAddress() {
        throttle.failed("192.0.2.1");
        throttle.failed("192.0.2.1");
        throttle.succeeded("192.0.2.1");
        throttle.failed("192.0.2.1");
        throttle.failed("192.0.2.1");
        assertThat(throttle.waitFor("192.0.2.1")).isEmpty();
    }

    @Test
    void aFloodOfAddressesForgetsTheExpiredOnesInsteadOfGrowingWithoutBound() {
        for (int i = 0; i < SignInThrottle.MAX_ADDRESSES; i++) {
            throttle.failed("10.0." + (i / 256) + "." + (i % 256));
        }
        throttle.failed("192.0.2.1");
        throttle.failed("192.0.2.1");
        clock.advance(Duration.ofMinutes(16));
        throttle.failed("198.51.100.1");
        // Everything but the newest address had expired and was dropped when the map was full.
        throttle.failed("192.0.2.1");
        throttle.failed("192.0.2.1");
        assertThat(throttle.waitFor("192.0.2.1")).isEmpty();
        throttle.failed("192.0.2.1");
        assertThat(throttle.waitFor("192.0.2.1")).isPresent();
    }
}
