package dev.warden.governance.web;

import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.ChainReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The audit page's verification state, kept cheap on a trail of millions of records: the whole chain is verified
 * when the page is first shown and again once {@link #FULL_CHECK_EVERY} has passed; in between, each load verifies
 * the records appended since the last intact report and that its head is unchanged. A broken chain is verified in
 * full on every load, so that the page shows when it has been restored.
 */
final class ChainStatus {

    /** How old the last whole-chain verification may be before a page load repeats it. */
    static final Duration FULL_CHECK_EVERY = Duration.ofMinutes(10);

    /** The state shown: the report, and when every record was last verified. */
    record Checked(ChainReport report, Instant everyRecordCheckedAt) {
    }

    private final AuditTrail trail;
    private final Clock clock;
    private ChainReport lastIntact;
    private Instant lastFullCheck;

    ChainStatus(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    synchronized Checked current() {
        Instant now = clock.instant();
        ChainReport report;
        if (lastIntact == null || !now.isBefore(lastFullCheck.plus(FULL_CHECK_EVERY))) {
            report = trail.verify();
            lastFullCheck = now;
        } else {
            report = trail.verifyAfter(lastIntact);
        }
        lastIntact = report.intact() ? report : null;
        return new Checked(report, lastFullCheck);
    }
}
