package dev.warden.governance.policy;

/**
 * What a tier demands of one session-log destination (S3 or CloudWatch Logs).
 *
 * @param required  sessions must be logged there
 * @param encrypted the destination must be encrypted (the preference's s3EncryptionEnabled /
 *                  cloudWatchEncryptionEnabled)
 */
public record LoggingRequirement(boolean required, boolean encrypted) {

    public static final LoggingRequirement NONE = new LoggingRequirement(false, false);
}
