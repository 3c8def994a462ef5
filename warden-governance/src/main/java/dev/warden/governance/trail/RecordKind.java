package dev.warden.governance.trail;

/** What an audit record is about. */
public enum RecordKind {
    /** What a pass saw: one account × region's sessions (summary), or one session. */
    OBSERVATION,
    /** A policy violation or gap: over the maximum, weaker document, expired exemption, untagged target. */
    FINDING,
    /** Something Warden did or would have done (dry run): a termination, with its outcome. */
    ACTION,
    /** An exemption protected a session that would otherwise have been acted on. */
    EXEMPTION_USE,
    /** An alert sent, or one that failed. */
    ALERT,
    /** A part of a pass that failed (an account × region that could not be read, a call that failed). */
    ERROR
}
