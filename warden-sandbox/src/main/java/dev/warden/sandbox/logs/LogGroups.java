package dev.warden.sandbox.logs;

import dev.warden.sandbox.config.SupportingResources;
import dev.warden.sandbox.fleet.AccountRegion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The CloudWatch Logs log groups of every account and region. Thread-safe. */
public final class LogGroups {

    /**
     * One log group.
     *
     * @param placement    its account and region
     * @param name         its name
     * @param kmsKeyId     the KMS key ARN its data is encrypted with, or null
     * @param creationTime when it was created
     */
    public record LogGroup(AccountRegion placement, String name, String kmsKeyId, Instant creationTime) {

        public LogGroup {
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(creationTime, "creationTime");
        }

        public String arn() {
            return "arn:aws:logs:" + placement.region() + ":" + placement.accountId() + ":log-group:" + name;
        }

        LogGroup withKmsKeyId(String keyId) {
            return new LogGroup(placement, name, keyId, creationTime);
        }
    }

    private final Map<AccountRegion, Map<String, LogGroup>> groups = new ConcurrentHashMap<>();

    public LogGroups(Collection<SupportingResources.LogGroup> initial, Instant createdAt) {
        for (SupportingResources.LogGroup g : initial) {
            in(g.placement()).put(g.name(), new LogGroup(g.placement(), g.name(), g.kmsKeyId(), createdAt));
        }
    }

    public Optional<LogGroup> find(AccountRegion where, String name) {
        return Optional.ofNullable(in(where).get(name));
    }

    /** The groups of one account and region, ordered by name (as DescribeLogGroups lists them). */
    public List<LogGroup> all(AccountRegion where) {
        List<LogGroup> list = new ArrayList<>(in(where).values());
        list.sort(Comparator.comparing(LogGroup::name));
        return list;
    }

    /** Creates a group; false when one of that name exists already. */
    public boolean create(LogGroup group) {
        return in(group.placement()).putIfAbsent(group.name(), group) == null;
    }

    /** Sets (or, with null, removes) a group's KMS key; false when there is no such group. */
    public boolean setKmsKey(AccountRegion where, String name, String kmsKeyId) {
        return in(where).computeIfPresent(name, (n, g) -> g.withKmsKeyId(kmsKeyId)) != null;
    }

    private Map<String, LogGroup> in(AccountRegion where) {
        return groups.computeIfAbsent(where, w -> new ConcurrentHashMap<>());
    }
}
