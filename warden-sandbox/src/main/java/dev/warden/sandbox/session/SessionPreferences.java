package dev.warden.sandbox.session;

import java.time.Duration;
import java.util.Optional;

/**
 * The limits and options a session runs under, resolved when it starts from the session document (a
 * Standard_Stream document's own inputs) or else from the account's SSM-SessionManagerRunShell document.
 *
 * @param idleTimeout        idleSessionTimeout (default 20 minutes)
 * @param maxDuration        maxSessionDuration, or null for no limit
 * @param kmsKeyId           kmsKeyId, or empty: whether the data plane must run the KMS handshake
 * @param runAsUser          runAsDefaultUser when runAsEnabled, or empty
 * @param s3BucketName       s3BucketName, or empty
 * @param s3KeyPrefix        s3KeyPrefix, or empty
 * @param cloudWatchLogGroup cloudWatchLogGroupName, or empty
 */
public record SessionPreferences(Duration idleTimeout, Duration maxDuration, String kmsKeyId, String runAsUser,
                                 String s3BucketName, String s3KeyPrefix, String cloudWatchLogGroup) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(20);

    public SessionPreferences {
        idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
        kmsKeyId = kmsKeyId == null ? "" : kmsKeyId;
        runAsUser = runAsUser == null ? "" : runAsUser;
        s3BucketName = s3BucketName == null ? "" : s3BucketName;
        s3KeyPrefix = s3KeyPrefix == null ? "" : s3KeyPrefix;
        cloudWatchLogGroup = cloudWatchLogGroup == null ? "" : cloudWatchLogGroup;
    }

    public static SessionPreferences defaults() {
        return new SessionPreferences(DEFAULT_IDLE_TIMEOUT, null, "", "", "", "", "");
    }

    public Optional<Duration> maxDurationLimit() {
        return Optional.ofNullable(maxDuration);
    }

    /** maxSessionDuration in minutes as DescribeSessions reports it, or empty when unlimited. */
    public Optional<String> maxSessionDurationMinutes() {
        return maxDurationLimit().map(d -> Long.toString(d.toMinutes()));
    }

    public boolean kmsEncryptionRequired() {
        return !kmsKeyId.isEmpty();
    }
}
