package dev.warden.sandbox.dataplane;

import dev.warden.sandbox.session.NoSuchSessionException;
import dev.warden.sandbox.session.SessionRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the registry that a session is not idle. Activity is stream data in either direction, never
 * acknowledgements or pings (agent-side.md §6.1), as the service sees it pass. Reports are thinned out to one per
 * {@link #INTERVAL_NANOS}: the idle timeout is measured in minutes (or, in tests, seconds), and a busy session
 * passes thousands of frames a second. Thread-safe.
 */
final class ActivityMeter {

    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final SessionRegistry registry;
    private final String sessionId;
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

    ActivityMeter(SessionRegistry registry, String sessionId) {
        this.registry = registry;
        this.sessionId = sessionId;
    }

    void streamFramePassed() {
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last >= INTERVAL_NANOS && lastReport.compareAndSet(last, now)) {
            try {
                registry.recordActivity(sessionId);
            } catch (NoSuchSessionException e) {
                // the session is gone; nothing to keep alive
            }
        }
    }
}
