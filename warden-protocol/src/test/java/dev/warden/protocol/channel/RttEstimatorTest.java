package dev.warden.protocol.channel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RttEstimatorTest {

    private static final long MS = 1_000_000L;

    private static RttEstimator protocolDefaults() {
        return new RttEstimator(100 * MS, 0, 200 * MS, 10 * MS, 1_000 * MS);
    }

    @Test
    void startsFromTheInitialValues() {
        RttEstimator rtt = protocolDefaults();

        assertThat(rtt.smoothedRtt()).isEqualTo(100 * MS);
        assertThat(rtt.rttVariation()).isZero();
        assertThat(rtt.rto()).isEqualTo(200 * MS);
    }

    @Test
    void samplesFollowRfc6298WithTheProtocolsGains() {
        RttEstimator rtt = protocolDefaults();

        rtt.sample(20 * MS);
        // RTTVAR = 3/4·0 + 1/4·|100 − 20| = 20; SRTT = 7/8·100 + 1/8·20 = 90; RTO = 90 + 4·20 = 170
        assertThat(rtt.rttVariation()).isEqualTo(20 * MS);
        assertThat(rtt.smoothedRtt()).isEqualTo(90 * MS);
        assertThat(rtt.rto()).isEqualTo(170 * MS);

        rtt.sample(90 * MS);
        // RTTVAR = 3/4·20 + 1/4·0 = 15; SRTT = 90; RTO = 90 + 60 = 150
        assertThat(rtt.rttVariation()).isEqualTo(15 * MS);
        assertThat(rtt.smoothedRtt()).isEqualTo(90 * MS);
        assertThat(rtt.rto()).isEqualTo(150 * MS);
    }

    @Test
    void theClockGranularityIsTheSmallestMargin() {
        RttEstimator rtt = protocolDefaults();
        for (int i = 0; i < 200; i++) {
            rtt.sample(100 * MS);
        }

        assertThat(rtt.rttVariation()).isZero();
        assertThat(rtt.rto()).isEqualTo(110 * MS);
    }

    @Test
    void theTimeoutIsCappedAtTheMaximum() {
        RttEstimator rtt = protocolDefaults();

        rtt.sample(5_000 * MS);

        assertThat(rtt.rto()).isEqualTo(1_000 * MS);
    }

    @Test
    void backoffDoublesUpToTheMaximumAndASampleEndsIt() {
        RttEstimator rtt = protocolDefaults();

        rtt.backOff();
        assertThat(rtt.rto()).isEqualTo(400 * MS);
        rtt.backOff();
        rtt.backOff();
        assertThat(rtt.rto()).isEqualTo(1_000 * MS);

        rtt.sample(100 * MS);
        assertThat(rtt.rto()).isEqualTo(110 * MS);
    }

    @Test
    void resetForgetsSamplesAndBackoff() {
        RttEstimator rtt = protocolDefaults();
        rtt.sample(700 * MS);
        rtt.backOff();

        rtt.reset();

        assertThat(rtt.smoothedRtt()).isEqualTo(100 * MS);
        assertThat(rtt.rttVariation()).isZero();
        assertThat(rtt.rto()).isEqualTo(200 * MS);
    }
}
