package dev.warden.governance.watch;

import java.time.Duration;
import java.util.Optional;

/**
 * How watch runs.
 *
 * @param passInterval the time between two safety-net passes (the first runs at start)
 * @param timerThreads threads that send warnings and terminate sessions when their timers fire
 * @param leasePeriod  with a period, watch is one replica among others on the store (PostgreSQL): it works only on
 *                     the account × region pairs it holds a lease on; without, it works on every pair alone
 */
public record WatchSettings(Duration passInterval, int timerThreads, Optional<Duration> leasePeriod) {

    public WatchSettings {
        if (passInterval.isNegative() || passInterval.isZero()) {
            throw new IllegalArgumentException("the pass interval must be positive, was " + passInterval);
        }
        if (timerThreads < 1) {
            throw new IllegalArgumentException("at least one timer thread, was " + timerThreads);
        }
        if (leasePeriod.isPresent() && leasePeriod.get().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the lease period must be at least 1s, was " + leasePeriod.get());
        }
    }

    /** A single watch process, without leases. */
    public WatchSettings(Duration passInterval, int timerThreads) {
        this(passInterval, timerThreads, Optional.empty());
    }
}
