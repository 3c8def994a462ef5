package dev.warden.protocol.channel;

import java.time.Duration;

/** A ticker that moves only when a test moves it. */
final class FakeTicker implements Ticker {

    private long now;

    FakeTicker(long start) {
        this.now = start;
    }

    FakeTicker() {
        // Close to the wrap-around point, so that every comparison in the engine must subtract first.
        this(Long.MAX_VALUE - Duration.ofSeconds(30).toNanos());
    }

    @Override
    public long nanoTime() {
        return now;
    }

    void advance(Duration duration) {
        now += duration.toNanos();
    }

    void advanceMillis(long millis) {
        now += millis * 1_000_000L;
    }

    void set(long nanos) {
        now = nanos;
    }
}
