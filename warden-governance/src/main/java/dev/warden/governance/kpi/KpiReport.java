package dev.warden.governance.kpi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The governance KPIs over [from, to), computed from the audit trail (definitions in docs/governance.md).
 *
 * @param overMaxPerWeekAndTier distinct sessions found over their tier's maximum, per ISO week and tier
 * @param terminations          automatic terminations confirmed in the period
 * @param meanTimeToTerminate   mean time from limit crossing to confirmed end
 * @param p90TimeToTerminate    90th percentile (nearest rank) of the same
 * @param coverage              the share of the managed fleet the policy covers (latest audit per pair)
 * @param findingsPerQuarter    distinct findings per calendar quarter
 */
public record KpiReport(Instant from, Instant to, List<WeekTierCount> overMaxPerWeekAndTier, long terminations,
                        Optional<Duration> meanTimeToTerminate, Optional<Duration> p90TimeToTerminate,
                        Optional<Coverage> coverage, List<QuarterCount> findingsPerQuarter) {

    public KpiReport {
        overMaxPerWeekAndTier = List.copyOf(overMaxPerWeekAndTier);
        findingsPerQuarter = List.copyOf(findingsPerQuarter);
    }

    /** {@code week} is ISO-8601, e.g. {@code 2026-W50}. */
    public record WeekTierCount(String week, String tier, long sessions) {
    }

    /** {@code quarter} is e.g. {@code 2026-Q4}. */
    public record QuarterCount(String quarter, long findings) {
    }

    /** Covered managed instances out of all managed instances. */
    public record Coverage(long covered, long instances) {
        public double share() {
            return instances == 0 ? 0 : (double) covered / instances;
        }
    }
}
