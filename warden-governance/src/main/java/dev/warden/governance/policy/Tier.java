package dev.warden.governance.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of session limits, chosen for a target by its tags.
 *
 * @param name       shown in reviews, findings and KPIs
 * @param match      tag key to accepted values; a target matches when it carries every key with one of the
 *                   values (empty for the default tier)
 * @param idle       idle timeout, 1–60 minutes (what AWS allows for idleSessionTimeout)
 * @param max        maximum session duration, 1–1440 minutes (what AWS allows for maxSessionDuration)
 * @param s3         S3 logging requirement
 * @param cloudWatch CloudWatch Logs requirement
 * @param kmsKey     the KMS key sessions must be encrypted with, when required
 * @param runAs      the OS user sessions must run as, when required
 */
public record Tier(String name, Map<String, List<String>> match, Duration idle, Duration max,
                   LoggingRequirement s3, LoggingRequirement cloudWatch, Optional<String> kmsKey,
                   Optional<String> runAs) {

    public Tier {
        match = Map.copyOf(match);
    }

    /** True when {@code tags} carry every key of {@link #match} with an accepted value. */
    public boolean matches(Map<String, String> tags) {
        return !match.isEmpty() && match.entrySet().stream()
                .allMatch(e -> tags.containsKey(e.getKey()) && e.getValue().contains(tags.get(e.getKey())));
    }
}
