package dev.warden.governance.watch;

import java.time.Duration;

/**
 * How watch runs.
 *
 * @param passInterval the time between two safety-net passes (the first runs at start)
 * @param timerThreads threads that send warnings and terminate sessions when their timers fire
 */
public record WatchSettings(Duration passInterval, int timerThreads) {

    public WatchSettings {
        if (passInterval.isNegative() || passInterval.isZero()) {
            throw new IllegalArgumentException("the pass interval must be positive, was " + passInterval);
        }
        if (timerThreads < 1) {
            throw new IllegalArgumentException("at least one timer thread, was " + timerThreads);
        }
    }
}
