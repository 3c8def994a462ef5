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
 * @param eventThreads events handled at once at most (each session's in order)
 * @param eventBacklog events that may wait or run at once; a source offering more is told to deliver again later
 */
public record WatchSettings(Duration passInterval, int timerThreads, Optional<Duration> leasePeriod,
                            int eventThreads, int eventBacklog) {

    /** Enough to overlap the AWS lookups of events on a small machine; the store's writes queue anyway. */
    public static final int DEFAULT_EVENT_THREADS = 8;
    /** A burst of a few thousand StartSessions waits here rather than in its sender's retries. */
    public static final int DEFAULT_EVENT_BACKLOG = 2000;

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
        if (eventThreads < 1 || eventBacklog < eventThreads) {
            throw new IllegalArgumentException("at least one event thread and a backlog of as many, were "
                    + eventThreads + " and " + eventBacklog);
        }
    }

    /** The default event threads and backlog. */
    public WatchSettings(Duration passInterval, int timerThreads, Optional<Duration> leasePeriod) {
        this(passInterval, timerThreads, leasePeriod, DEFAULT_EVENT_THREADS, DEFAULT_EVENT_BACKLOG);
    }

    /** A single watch process, without leases. */
    public WatchSettings(Duration passInterval, int timerThreads) {
        this(passInterval, timerThreads, Optional.empty());
    }
}
