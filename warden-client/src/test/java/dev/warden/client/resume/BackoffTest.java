package dev.warden.client.resume;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The resume backoff: doubles from the initial delay to the cap, jittered within the upper half, never beyond. */
class BackoffTest {

    @Test
    void doubles_up_to_the_cap_and_stays_there() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.999);
        assertThat(backoff.baseNanos(0)).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(backoff.baseNanos(1)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(backoff.baseNanos(5)).isEqualTo(Duration.ofMillis(3200).toNanos());
        assertThat(backoff.baseNanos(6)).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(backoff.baseNanos(1000)).isEqualTo(Duration.ofSeconds(5).toNanos());
    }

    @Test
    void jitter_stays_within_the_upper_half_of_the_base() {
        Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.0);
        Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.999999);
        for (int attempt = 0; attempt < 10; attempt++) {
            long base = low.baseNanos(attempt);
            assertThat(low.delay(attempt).toNanos()).isEqualTo(base / 2);
            assertThat(high.delay(attempt).toNanos()).isBetween(base / 2, base);
        }
    }
}
