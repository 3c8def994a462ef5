package dev.warden.sandbox.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulated instances, by id. Thread-safe; instances are immutable and replaced as a whole when their
 * tags or ping status change, so readers never see half an update.
 */
public final class Fleet {

    private final Map<String, ManagedInstance> instances = new ConcurrentHashMap<>();

    public Fleet(Collection<ManagedInstance> initial) {
        for (ManagedInstance instance : initial) {
            if (instances.putIfAbsent(instance.instanceId(), instance) != null) {
                throw new IllegalArgumentException("duplicate instance id " + instance.instanceId());
            }
        }
    }

    public Optional<ManagedInstance> find(String instanceId) {
        return instanceId == null ? Optional.empty() : Optional.ofNullable(instances.get(instanceId));
    }

    /** All instances, ordered by id (the order DescribeInstanceInformation pages through). */
    public List<ManagedInstance> all() {
        List<ManagedInstance> list = new ArrayList<>(instances.values());
        list.sort(Comparator.comparing(ManagedInstance::instanceId));
        return list;
    }

    /** Adds or overwrites tags; returns the updated instance, or empty when the id is unknown. */
    public Optional<ManagedInstance> addTags(String instanceId, Map<String, String> tags) {
        return Optional.ofNullable(instances.computeIfPresent(instanceId, (id, current) -> {
            Map<String, String> merged = new LinkedHashMap<>(current.tags());
            merged.putAll(tags);
            return current.withTags(merged);
        }));
    }

    /** Removes tag keys; returns the updated instance, or empty when the id is unknown. */
    public Optional<ManagedInstance> removeTags(String instanceId, Collection<String> keys) {
        return Optional.ofNullable(instances.computeIfPresent(instanceId, (id, current) -> {
            Map<String, String> remaining = new LinkedHashMap<>(current.tags());
            keys.forEach(remaining::remove);
            return current.withTags(remaining);
        }));
    }

    /** Changes an instance's ping status, e.g. to make it unreachable; empty when the id is unknown. */
    public Optional<ManagedInstance> setPingStatus(String instanceId, PingStatus status) {
        return Optional.ofNullable(instances.computeIfPresent(instanceId, (id, current) -> current.withPingStatus(status)));
    }
}
