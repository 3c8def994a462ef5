package dev.warden.sandbox.s3;

import dev.warden.sandbox.config.SupportingResources.Bucket;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The S3 buckets, by name (bucket names are global, as in S3). Tests change a bucket's settings with
 * {@link #put} to make it drift. Thread-safe.
 */
public final class Buckets {

    private final Map<String, Bucket> byName = new ConcurrentHashMap<>();

    public Buckets(Collection<Bucket> initial) {
        initial.forEach(this::put);
    }

    public Optional<Bucket> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Creates or replaces a bucket. */
    public void put(Bucket bucket) {
        byName.put(bucket.name(), bucket);
    }
}
