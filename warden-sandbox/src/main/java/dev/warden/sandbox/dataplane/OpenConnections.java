package dev.warden.sandbox.dataplane;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** How many upgraded data-channel connections each session has open right now, for diagnostics and tests. */
final class OpenConnections {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    void opened(String sessionId) {
        counts.merge(sessionId, 1, Integer::sum);
    }

    void closed(String sessionId) {
        counts.computeIfPresent(sessionId, (id, n) -> n <= 1 ? null : n - 1);
    }

    int of(String sessionId) {
        return counts.getOrDefault(sessionId, 0);
    }
}
