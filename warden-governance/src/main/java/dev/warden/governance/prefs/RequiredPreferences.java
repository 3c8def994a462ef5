package dev.warden.governance.prefs;

import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What session preferences must at least enforce in an account × region: the strictest of all tiers, because
 * preferences apply to every target there. Shortest idle timeout, shortest maximum, logging and encryption
 * wherever any tier requires them; the KMS key and runAs user of the first tier (in policy order, the default
 * tier last) that names one.
 */
public record RequiredPreferences(Duration idle, Duration max, boolean s3Logging, boolean s3Encrypted,
                                  boolean cloudWatchLogging, boolean cloudWatchEncrypted, Optional<String> kmsKey,
                                  Optional<String> runAs) {

    public static RequiredPreferences strictestOf(Policy policy) {
        List<Tier> all = new ArrayList<>(policy.tiers());
        all.add(policy.defaultTier());
        return new RequiredPreferences(
                all.stream().map(Tier::idle).min(Duration::compareTo).orElseThrow(),
                all.stream().map(Tier::max).min(Duration::compareTo).orElseThrow(),
                all.stream().anyMatch(t -> t.s3().required()),
                all.stream().anyMatch(t -> t.s3().encrypted()),
                all.stream().anyMatch(t -> t.cloudWatch().required()),
                all.stream().anyMatch(t -> t.cloudWatch().encrypted()),
                all.stream().map(Tier::kmsKey).flatMap(Optional::stream).findFirst(),
                all.stream().map(Tier::runAs).flatMap(Optional::stream).findFirst());
    }
}
