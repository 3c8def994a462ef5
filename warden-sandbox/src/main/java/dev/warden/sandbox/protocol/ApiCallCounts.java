package dev.warden.sandbox.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many authenticated calls each operation has received, throttled ones included (AWS counts those against
 * the caller's rate too). Tests read it to check how many calls a client needs, e.g. that reading 10,000
 * sessions' log streams takes pages, not a call per session. Calls that name a session (a JSON request's
 * {@code SessionId}, as TerminateSession and ResumeSession have) are also counted per session, e.g. to check that
 * each session was terminated with exactly one call. Thread-safe.
 */
public final class ApiCallCounts {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bySession = new ConcurrentHashMap<>();

    void record(String signingName, String operation) {
        counts.computeIfAbsent(key(signingName, operation), k -> new LongAdder()).increment();
    }

    /** A call's request, once parsed: counted for its session when it names one. */
    void recordRequest(String signingName, String operation, JsonNode input) {
        JsonNode sessionId = input.get("SessionId");
        if (sessionId != null && sessionId.isTextual()) {
            bySession.computeIfAbsent(key(signingName, operation) + ":" + sessionId.asText(), k -> new LongAdder())
                    .increment();
        }
    }

    /** Calls so far of {@code operation} of the service signing as {@code signingName} (e.g. logs, ssm). */
    public long count(String signingName, String operation) {
        LongAdder adder = counts.get(key(signingName, operation));
        return adder == null ? 0 : adder.sum();
    }

    /**
     * Calls so far of {@code operation} whose request named {@code sessionId} (throttled calls, whose requests
     * are not read, are not among them).
     */
    public long count(String signingName, String operation, String sessionId) {
        LongAdder adder = bySession.get(key(signingName, operation) + ":" + sessionId);
        return adder == null ? 0 : adder.sum();
    }

    private static String key(String signingName, String operation) {
        return signingName + ":" + operation;
    }
}
