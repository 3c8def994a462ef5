package dev.warden.sandbox.config;

import java.util.Set;

/**
 * Faults of the control plane (the SSM, KMS and other JSON APIs), as the services show them under load.
 *
 * @param throttleRate       probability (0-1) that an authenticated call is answered with ThrottlingException
 * @param throttleOperations the operations that can be throttled, e.g. {@code DescribeSessions}; empty: all
 * @param seed               seed of the throttling decisions, so runs repeat
 */
public record ApiFaultSettings(double throttleRate, Set<String> throttleOperations, long seed) {

    public static final ApiFaultSettings NONE = new ApiFaultSettings(0, Set.of(), 1);

    public ApiFaultSettings {
        if (!(throttleRate >= 0 && throttleRate <= 1)) {
            throw new IllegalArgumentException("throttleRate must be between 0 and 1, not " + throttleRate);
        }
        throttleOperations = Set.copyOf(throttleOperations);
    }

    /** Whether {@code operation} is one that may be throttled. */
    public boolean covers(String operation) {
        return throttleOperations.isEmpty() || throttleOperations.contains(operation);
    }
}
