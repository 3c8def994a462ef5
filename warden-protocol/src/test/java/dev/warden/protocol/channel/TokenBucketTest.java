package dev.warden.protocol.channel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {

    private static final long MS = 1_000_000L;
    private static final double UNLIMITED = Double.POSITIVE_INFINITY;

    @Test
    void aBurstGoesAtOnceThenFramesFollowAtTheRate() {
        long now = Long.MAX_VALUE - 50 * MS; // wraps around during the test
        TokenBucket bucket = new TokenBucket(new TokenBucket.Limits(10, 2, UNLIMITED, 1), now);

        assertThat(bucket.tryTake(100, now)).isTrue();
        assertThat(bucket.tryTake(100, now)).isTrue();
        assertThat(bucket.tryTake(100, now)).isFalse();
        assertThat(bucket.nanosUntilAvailable(100, now)).isEqualTo(100 * MS);

        now += 100 * MS - 1;
        assertThat(bucket.tryTake(100, now)).isFalse();
        now += 1;
        assertThat(bucket.tryTake(100, now)).isTrue();
        assertThat(bucket.nanosUntilAvailable(100, now)).isEqualTo(100 * MS);
    }

    @Test
    void bytesAreLimitedByTheirOwnRate() {
        long now = 0;
        TokenBucket bucket = new TokenBucket(new TokenBucket.Limits(UNLIMITED, 1, 1000, 1000), now);

        assertThat(bucket.tryTake(600, now)).isTrue();
        assertThat(bucket.tryTake(600, now)).isFalse();
        // 200 bytes are missing at 1000 bytes/s.
        assertThat(bucket.nanosUntilAvailable(600, now)).isEqualTo(200 * MS);
        assertThat(bucket.tryTake(400, now)).isTrue();
        assertThat(bucket.nanosUntilAvailable(1, now)).isEqualTo(1 * MS);
    }

    @Test
    void aFrameBiggerThanTheBurstGoesWhenTheBucketIsFullAndLeavesADebt() {
        long now = 0;
        TokenBucket bucket = new TokenBucket(new TokenBucket.Limits(UNLIMITED, 1, 1000, 100), now);

        assertThat(bucket.tryTake(300, now)).isTrue();
        // Full again after the 300 bytes drained (300 ms); a 100-byte frame needs the whole bucket again.
        assertThat(bucket.nanosUntilAvailable(100, now)).isEqualTo(300 * MS);
        assertThat(bucket.nanosUntilAvailable(300, now)).isEqualTo(300 * MS);
    }

    @Test
    void theLongRunRateHolds() {
        long now = 0;
        TokenBucket bucket = new TokenBucket(new TokenBucket.Limits(100, 5, UNLIMITED, 1), now);
        int taken = 0;
        while (now <= 10_000 * MS) {
            if (bucket.tryTake(1, now)) {
                taken++;
            } else {
                now += bucket.nanosUntilAvailable(1, now);
            }
        }

        assertThat(taken).isBetween(1000, 1006);
    }

    @Test
    void theReportedWaitIsExactlyEnough() {
        long now = 12345;
        TokenBucket bucket = new TokenBucket(new TokenBucket.Limits(7, 1, 3000, 1500), now);
        for (int i = 0; i < 1000; i++) {
            int size = 100 + (i * 37) % 1400;
            long wait = bucket.nanosUntilAvailable(size, now);
            if (wait > 0) {
                assertThat(bucket.tryTake(size, now + wait - 1)).isFalse();
                now += wait;
            }
            assertThat(bucket.tryTake(size, now)).isTrue();
        }
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> new TokenBucket.Limits(0.5, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket.Limits(1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket.Limits(1, 1, Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket.Limits(1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
