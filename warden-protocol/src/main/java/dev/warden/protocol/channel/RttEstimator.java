package dev.warden.protocol.channel;

/**
 * Round-trip time estimate and retransmission timeout, RFC 6298 style with the constants of both official peers
 * (client-protocol.md §4.6, agent-side.md §3.3): smoothing gains α = 1/8 and β = 1/4,
 * RTO = SRTT + max(G, 4·RTTVAR), capped at a maximum.
 *
 * <p>Unlike RFC 6298, the first sample is not special: the estimate starts from the configured initial RTT and
 * variation (100 ms and 0) and every sample, the first included, goes through the smoothing formulas. That is
 * what both peers do, and it keeps the RTO close to the protocol's 200 ms until real samples accumulate.
 *
 * <p>The caller applies Karn's rule (no samples from retransmitted messages); this class only does arithmetic.
 * All values are nanoseconds.
 */
final class RttEstimator {

    private final long initialRtt;
    private final long initialRttVariation;
    private final long initialRto;
    private final long clockGranularity;
    private final long maxRto;

    private long smoothedRtt;
    private long rttVariation;
    private long rto;

    RttEstimator(long initialRtt, long initialRttVariation, long initialRto, long clockGranularity, long maxRto) {
        this.initialRtt = initialRtt;
        this.initialRttVariation = initialRttVariation;
        this.initialRto = initialRto;
        this.clockGranularity = clockGranularity;
        this.maxRto = maxRto;
        reset();
    }

    /** Folds in one round-trip measurement; also ends any backoff, as RFC 6298 §5.7 implies. */
    void sample(long rttNanos) {
        long sample = Math.max(0, rttNanos);
        // RTTVAR first: it uses the SRTT from before this sample.
        rttVariation = (3 * rttVariation + Math.abs(smoothedRtt - sample)) / 4;
        smoothedRtt = (7 * smoothedRtt + sample) / 8;
        rto = Math.min(maxRto, smoothedRtt + Math.max(clockGranularity, 4 * rttVariation));
    }

    /** Doubles the timeout after a retransmission timeout (RFC 6298 §5.5), up to the maximum. */
    void backOff() {
        rto = Math.min(maxRto, rto > maxRto / 2 ? maxRto : rto * 2);
    }

    /** Forgets everything learned: back to the configured initial values. */
    void reset() {
        smoothedRtt = initialRtt;
        rttVariation = initialRttVariation;
        rto = initialRto;
    }

    long rto() {
        return rto;
    }

    long smoothedRtt() {
        return smoothedRtt;
    }

    long rttVariation() {
        return rttVariation;
    }
}
