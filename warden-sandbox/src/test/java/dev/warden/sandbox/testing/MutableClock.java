package dev.warden.sandbox.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests can move: it follows real time plus an adjustable offset, or stands still. */
public final class MutableClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    /** Real time plus {@code skew}. */
    public void skew(Duration skew) {
        offset.set(skew);
    }

    /** Moves the clock forward by {@code amount}. */
    public void advance(Duration amount) {
        offset.accumulateAndGet(amount, Duration::plus);
        fixed.getAndUpdate(f -> f == null ? null : f.plus(amount));
    }

    /** Stops the clock at {@code instant}. */
    public void fixAt(Instant instant) {
        fixed.set(instant);
    }

    @Override
    public Instant instant() {
        Instant f = fixed.get();
        return f != null ? f : Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
