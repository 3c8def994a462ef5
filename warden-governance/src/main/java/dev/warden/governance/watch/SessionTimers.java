package dev.warden.governance.watch;

import dev.warden.governance.aws.SessionKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One warning timer, one end timer and one idle check per session, on a scheduled executor: no scan finds what is due, each
 * session's moment is its own entry. Setting a session's timer again replaces the earlier one.
 */
final class SessionTimers implements AutoCloseable {

    enum Kind { WARN, END, IDLE }

    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Map<SessionKey, Map<Kind, ScheduledFuture<?>>> timers = new ConcurrentHashMap<>();

    SessionTimers(Clock clock, int threads) {
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "warden-watch-timer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} at {@code at} by the clock (at once when that is past). */
    void at(SessionKey key, Kind kind, Instant at, Runnable task) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        timers.compute(key, (k, byKind) -> {
            Map<Kind, ScheduledFuture<?>> m = byKind == null ? new EnumMap<>(Kind.class) : byKind;
            ScheduledFuture<?> earlier = m.put(kind, executor.schedule(task, delay, TimeUnit.MILLISECONDS));
            if (earlier != null) {
                earlier.cancel(false);
            }
            return m;
        });
    }

    /** Cancels a session's timers (it ended). */
    void cancel(SessionKey key) {
        Map<Kind, ScheduledFuture<?>> m = timers.remove(key);
        if (m != null) {
            m.values().forEach(f -> f.cancel(false));
        }
    }

    /** Runs {@code task} on the timer threads now. */
    void now(Runnable task) {
        executor.execute(task);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
