package dev.warden.sandbox.config;

import dev.warden.sandbox.events.EventTargets;
import dev.warden.sandbox.fleet.AccountRegion;
import java.util.List;
import java.util.Objects;

/**
 * The resources of the other services Session Manager works with: the SNS topics alerts go to, and the
 * CloudWatch Logs groups and S3 buckets session logs go to, whose settings a preference audit checks.
 *
 * @param snsTopics topic ARNs
 * @param logGroups CloudWatch Logs log groups
 * @param buckets   S3 buckets
 * @param events    where the EventBridge events of SSM calls go
 */
public record SupportingResources(List<String> snsTopics, List<LogGroup> logGroups, List<Bucket> buckets,
                                  EventTargets events) {

    public static final SupportingResources NONE = new SupportingResources(List.of(), List.of(), List.of(),
            EventTargets.NONE);

    public SupportingResources {
        snsTopics = List.copyOf(snsTopics);
        logGroups = List.copyOf(logGroups);
        buckets = List.copyOf(buckets);
        events = events == null ? EventTargets.NONE : events;
    }

    /**
     * A log group.
     *
     * @param placement its account and region
     * @param name      e.g. {@code /aws/ssm/sessions}
     * @param kmsKeyId  the KMS key ARN it is encrypted with, or null
     */
    public record LogGroup(AccountRegion placement, String name, String kmsKeyId) {

        public LogGroup {
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A bucket.
     *
     * @param placement  its account and region
     * @param name       the bucket name (global, as in S3)
     * @param encryption default encryption: {@code AES256}, {@code aws:kms}, or null for none (buckets made
     *                   before 2023 could have none)
     * @param kmsKeyId   the key of {@code aws:kms} encryption, or null
     * @param versioning {@code Enabled}, {@code Suspended}, or null when never enabled
     * @param objectLock whether Object Lock is enabled
     */
    public record Bucket(AccountRegion placement, String name, String encryption, String kmsKeyId, String versioning,
                         boolean objectLock) {

        public Bucket {
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(name, "name");
        }
    }
}
