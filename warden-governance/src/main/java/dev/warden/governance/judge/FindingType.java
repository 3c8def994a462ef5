package dev.warden.governance.judge;

/** What can be wrong with an active session or its target. */
public enum FindingType {
    /** The session has run longer than its tier's maximum. */
    OVER_MAX,
    /**
     * The session has had no data-channel activity for its tier's idle limit or longer (known only for sessions
     * that log to CloudWatch Logs).
     */
    IDLE_OVER_LIMIT,
    /** The session reaches its tier's maximum within the policy's warning lead time: its user should be told. */
    NEAR_MAX,
    /** The session's document allows more than the tier's maximum (or sets no maximum at all). */
    WEAKER_DOCUMENT,
    /** An exemption covered this session but has expired. */
    EXEMPTION_EXPIRED,
    /** The target carries none of the tags that decide a tier: it is in the default tier by omission. */
    UNTAGGED_TARGET
}
