package dev.warden.sandbox.config;

/**
 * DurationSeconds bounds of the sandbox's STS. AWS's minimum is 900 s; a sandbox configured with a lower
 * minimum issues credentials that expire within seconds, so tests can reproduce expiry quickly.
 */
public record StsLimits(int minimumDurationSeconds, int maximumDurationSeconds, int defaultDurationSeconds) {

    public static final StsLimits AWS = new StsLimits(900, 43200, 3600);

    public StsLimits {
        if (minimumDurationSeconds < 1 || minimumDurationSeconds > maximumDurationSeconds) {
            throw new IllegalArgumentException("need 1 <= minimum <= maximum");
        }
        if (defaultDurationSeconds < minimumDurationSeconds || defaultDurationSeconds > maximumDurationSeconds) {
            throw new IllegalArgumentException("the default must lie between minimum and maximum");
        }
    }
}
