package dev.warden.governance.aws;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InvalidResourceIdException;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * The tags of session targets (ListTagsForResource, ResourceType ManagedInstance), kept for a short time: a burst
 * of StartSession events names the same instances again and again, and one lookup each would make the lookups the
 * cost of an event. A tag changed on an instance is seen once its entry is older than the time to live; a pass
 * reads the tags afresh in any case.
 */
public final class TargetTags {

    /** How many targets are kept at most: an estate's instances, with room. */
    private static final long MAX_TARGETS = 100_000;

    private record Target(AccountRegion pair, String instanceId) {
    }

    private final Optional<Cache<Target, Optional<Map<String, String>>>> cache;

    private TargetTags(Optional<Cache<Target, Optional<Map<String, String>>>> cache) {
        this.cache = cache;
    }

    /** Reads the tags every time (a pass: it is the moment of truth). */
    public static TargetTags uncached() {
        return new TargetTags(Optional.empty());
    }

    /** Keeps what it read for {@code timeToLive} by {@code clock}. */
    public static TargetTags cachedFor(Duration timeToLive, Clock clock) {
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        return new TargetTags(Optional.of(Caffeine.newBuilder().expireAfterWrite(timeToLive).ticker(ticker)
                .maximumSize(MAX_TARGETS).build()));
    }

    /** The target's tags; empty when it is not a registered instance (judged as untagged). */
    public Optional<Map<String, String>> of(AccountRegion pair, SsmClient ssm, String target) {
        if (cache.isEmpty()) {
            return read(ssm, target);
        }
        return cache.get().get(new Target(pair, target), t -> read(ssm, target));
    }

    private static Optional<Map<String, String>> read(SsmClient ssm, String target) {
        try {
            Map<String, String> tags = new HashMap<>();
            for (Tag tag : ssm.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                    .resourceId(target)).tagList()) {
                tags.put(tag.key(), tag.value());
            }
            return Optional.of(Map.copyOf(tags));
        } catch (InvalidResourceIdException e) {
            // A target that is no longer registered: judged as untagged, which the review shows.
            return Optional.empty();
        }
    }
}
