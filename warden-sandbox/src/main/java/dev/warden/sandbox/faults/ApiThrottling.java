package dev.warden.sandbox.faults;

import dev.warden.sandbox.config.ApiFaultSettings;
import dev.warden.sandbox.protocol.AwsServiceException;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * The throttling fault of the control plane: a share of authenticated calls is refused with
 * {@code ThrottlingException} ("Rate exceeded", HTTP 400), the answer AWS gives when a caller exceeds an API's
 * rate. The AWS SDKs and CLI retry it with backoff; tools that page through large results (the governance
 * engine) must survive it. Decisions come from a seeded generator, so a run repeats; changeable while the sandbox
 * runs. Thread-safe.
 */
public final class ApiThrottling {

    private ApiFaultSettings settings;
    private Random random;
    private long throttled;

    public ApiThrottling(ApiFaultSettings initial) {
        set(initial);
    }

    /** Replaces the settings and restarts the decisions from their seed. */
    public synchronized void set(ApiFaultSettings value) {
        settings = Objects.requireNonNull(value, "settings");
        random = new Random(value.seed());
    }

    /** Throttles {@code rate} of the calls to {@code operations} (none named: every operation). */
    public void throttle(double rate, Set<String> operations) {
        ApiFaultSettings now = settings();
        set(new ApiFaultSettings(rate, operations, now.seed()));
    }

    public synchronized ApiFaultSettings settings() {
        return settings;
    }

    /** How many calls were refused so far. */
    public synchronized long throttledCalls() {
        return throttled;
    }

    /** Throws the service's ThrottlingException when this call of {@code operation} is to be refused. */
    public void check(String operation) {
        if (shouldThrottle(operation)) {
            throw new AwsServiceException("ThrottlingException", 400, "Rate exceeded", "message");
        }
    }

    private synchronized boolean shouldThrottle(String operation) {
        if (settings.throttleRate() <= 0 || !settings.covers(operation)) {
            return false;
        }
        boolean refuse = random.nextDouble() < settings.throttleRate();
        if (refuse) {
            throttled++;
        }
        return refuse;
    }
}
