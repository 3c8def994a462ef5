package dev.warden.sandbox.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The emulated instances, by id. Thread-safe; instances are immutable and replaced as a whole when their
 * tags or ping status change, so readers never see half an update.
 *
 * <p>The whole fleet spans every account and region of the sandbox (the data plane finds any session's instance
 * in it). {@link #in(AccountRegion)} is the view one account and region sees, as the SSM API of that account
 * and region answers: instances registered elsewhere do not exist there.
 */
public final class Fleet {

    private final Map<String, ManagedInstance> instances;
    private final AccountRegion home;
    private final AccountRegion scope;

    /** A fleet whose instances are all in the sandbox's own account and region unless placed elsewhere. */
    public Fleet(Collection<ManagedInstance> initial, AccountRegion home) {
        this(new ConcurrentHashMap<>(), Objects.requireNonNull(home, "home"), null);
        for (ManagedInstance instance : initial) {
            if (instances.putIfAbsent(instance.instanceId(), instance) != null) {
                throw new IllegalArgumentException("duplicate instance id " + instance.instanceId());
            }
        }
    }

    private Fleet(Map<String, ManagedInstance> instances, AccountRegion home, AccountRegion scope) {
        this.instances = instances;
        this.home = home;
        this.scope = scope;
    }

    /** The instances registered in {@code accountRegion}, sharing this fleet's state. */
    public Fleet in(AccountRegion accountRegion) {
        return new Fleet(instances, home, Objects.requireNonNull(accountRegion, "accountRegion"));
    }

    /** Where {@code instance} is registered. */
    public AccountRegion placementOf(ManagedInstance instance) {
        return instance.placedIn(home);
    }

    public Optional<ManagedInstance> find(String instanceId) {
        return instanceId == null ? Optional.empty() : Optional.ofNullable(instances.get(instanceId)).filter(this::visible);
    }

    /** All instances, ordered by id (the order DescribeInstanceInformation pages through). */
    public List<ManagedInstance> all() {
        List<ManagedInstance> list = new ArrayList<>();
        for (ManagedInstance instance : instances.values()) {
            if (visible(instance)) {
                list.add(instance);
            }
        }
        list.sort(Comparator.comparing(ManagedInstance::instanceId));
        return list;
    }

    /** Adds or overwrites tags; returns the updated instance, or empty when the id is unknown. */
    public Optional<ManagedInstance> addTags(String instanceId, Map<String, String> tags) {
        return update(instanceId, current -> {
            Map<String, String> merged = new LinkedHashMap<>(current.tags());
            merged.putAll(tags);
            return current.withTags(merged);
        });
    }

    /** Removes tag keys; returns the updated instance, or empty when the id is unknown. */
    public Optional<ManagedInstance> removeTags(String instanceId, Collection<String> keys) {
        return update(instanceId, current -> {
            Map<String, String> remaining = new LinkedHashMap<>(current.tags());
            keys.forEach(remaining::remove);
            return current.withTags(remaining);
        });
    }

    /** Changes an instance's ping status, e.g. to make it unreachable; empty when the id is unknown. */
    public Optional<ManagedInstance> setPingStatus(String instanceId, PingStatus status) {
        return update(instanceId, current -> current.withPingStatus(status));
    }

    private Optional<ManagedInstance> update(String instanceId, UnaryOperator<ManagedInstance> change) {
        if (find(instanceId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(instances.computeIfPresent(instanceId, (id, current) -> change.apply(current)));
    }

    private boolean visible(ManagedInstance instance) {
        return scope == null || scope.equals(instance.placedIn(home));
    }
}
