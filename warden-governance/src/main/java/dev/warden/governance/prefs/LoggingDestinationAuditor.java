package dev.warden.governance.prefs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Checks the session-log destinations a Session document names: the S3 bucket exists, is encrypted and is
 * immutable (Object Lock, or at least versioning); the CloudWatch Logs group exists and is KMS-encrypted. Each
 * gap is a finding on the document's input; none can be remediated by editing the document.
 */
public final class LoggingDestinationAuditor {

    public List<PreferenceFinding> audit(S3Client s3, CloudWatchLogsClient logs, String document, String version,
                                         JsonNode inputs) {
        List<PreferenceFinding> findings = new ArrayList<>();
        String bucket = inputs.path("s3BucketName").asText("").trim();
        if (!bucket.isEmpty()) {
            bucket(s3, bucket, document, version, findings);
        }
        String group = inputs.path("cloudWatchLogGroupName").asText("").trim();
        if (!group.isEmpty()) {
            logGroup(logs, group, document, version, findings);
        }
        return findings;
    }

    private static void bucket(S3Client s3, String bucket, String document, String version,
                               List<PreferenceFinding> findings) {
        String field = "s3BucketName";
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException e) {
            findings.add(new PreferenceFinding(document, version, field, "an existing bucket",
                    bucket + " does not exist", false));
            return;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                findings.add(new PreferenceFinding(document, version, field, "an existing bucket",
                        bucket + " does not exist", false));
                return;
            }
            throw e;
        }
        if (!encrypted(s3, bucket)) {
            findings.add(new PreferenceFinding(document, version, field, "an encrypted bucket",
                    bucket + " has no default encryption", false));
        }
        boolean versioned = s3.getBucketVersioning(r -> r.bucket(bucket)).status() == BucketVersioningStatus.ENABLED;
        if (!objectLocked(s3, bucket) && !versioned) {
            findings.add(new PreferenceFinding(document, version, field,
                    "an immutable bucket (Object Lock, or at least versioning)",
                    bucket + " has neither Object Lock nor versioning", false));
        }
    }

    private static boolean encrypted(S3Client s3, String bucket) {
        try {
            var rules = s3.getBucketEncryption(r -> r.bucket(bucket)).serverSideEncryptionConfiguration().rules();
            return rules != null && !rules.isEmpty();
        } catch (S3Exception e) {
            // ServerSideEncryptionConfigurationNotFoundError: no default encryption.
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static boolean objectLocked(S3Client s3, String bucket) {
        try {
            var config = s3.getObjectLockConfiguration(r -> r.bucket(bucket)).objectLockConfiguration();
            return config != null && "Enabled".equals(config.objectLockEnabledAsString());
        } catch (S3Exception e) {
            // ObjectLockConfigurationNotFoundError
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static void logGroup(CloudWatchLogsClient logs, String group, String document, String version,
                                 List<PreferenceFinding> findings) {
        String field = "cloudWatchLogGroupName";
        LogGroup found = null;
        for (LogGroup g : logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(group)).logGroups()) {
            if (g.logGroupName().equals(group)) {
                found = g;
                break;
            }
        }
        if (found == null) {
            findings.add(new PreferenceFinding(document, version, field, "an existing log group",
                    group + " does not exist", false));
        } else if (found.kmsKeyId() == null || found.kmsKeyId().isEmpty()) {
            findings.add(new PreferenceFinding(document, version, field, "a KMS-encrypted log group",
                    group + " has no KMS key", false));
        }
    }
}
