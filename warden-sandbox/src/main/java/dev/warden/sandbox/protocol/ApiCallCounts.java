package dev.warden.sandbox.protocol;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many authenticated calls each operation has received, throttled ones included (AWS counts those against
 * the caller's rate too). Tests read it to check how many calls a client needs, e.g. that reading 10,000
 * sessions' log streams takes pages, not a call per session. Thread-safe.
 */
public final class ApiCallCounts {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void record(String signingName, String operation) {
        counts.computeIfAbsent(key(signingName, operation), k -> new LongAdder()).increment();
    }

    /** Calls so far of {@code operation} of the service signing as {@code signingName} (e.g. logs, ssm). */
    public long count(String signingName, String operation) {
        LongAdder adder = counts.get(key(signingName, operation));
        return adder == null ? 0 : adder.sum();
    }

    private static String key(String signingName, String operation) {
        return signingName + ":" + operation;
    }
}
