package dev.warden.governance.judge;

import dev.warden.governance.aws.ObservedSession;
import dev.warden.governance.policy.Exemption;
import dev.warden.governance.policy.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The judge's view of one active session.
 *
 * @param tier             the tier its target's tags choose
 * @param owner            the target's owner tag, if any
 * @param age              how long it has run
 * @param timeLeft         until the tier's maximum (negative when over it)
 * @param idle             how long it has had no data-channel activity; empty when that cannot be known (the
 *                         session does not log to CloudWatch Logs), which is never taken for idle
 * @param findings         everything wrong with it
 * @param terminate        the reason to terminate it, when it must end
 * @param limitCrossedAt   when it crossed the limit it is terminated for (the earlier of its maximum and its idle
 *                         limit, each no earlier than the expiry of an exemption that protected it)
 * @param protectedBy      an active exemption that spares it from termination it would otherwise get
 */
public record SessionVerdict(ObservedSession session, Tier tier, Optional<String> owner, Duration age,
                             Duration timeLeft, Optional<Duration> idle, List<Finding> findings, Optional<String> terminate,
                             Optional<Instant> limitCrossedAt, Optional<Exemption> protectedBy) {

    public SessionVerdict {
        findings = List.copyOf(findings);
    }
}
