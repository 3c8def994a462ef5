package dev.warden.governance.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one account × region looked like: its active sessions and the tags of their targets (a target whose tags
 * could not be read is absent from {@code targetTags}).
 *
 * @param lastActivity session id to its last data-channel activity, for the sessions whose activity can be known
 *                     (they log to CloudWatch Logs); a session absent here has unknown activity, never "idle"
 */
public record Observation(AccountRegion pair, Instant observedAt, List<ObservedSession> sessions,
                          Map<String, Map<String, String>> targetTags, Map<String, Instant> lastActivity) {

    public Observation {
        sessions = List.copyOf(sessions);
        targetTags = Map.copyOf(targetTags);
        lastActivity = Map.copyOf(lastActivity);
    }

    /** An observation in which no session's activity is known. */
    public Observation(AccountRegion pair, Instant observedAt, List<ObservedSession> sessions,
                       Map<String, Map<String, String>> targetTags) {
        this(pair, observedAt, sessions, targetTags, Map.of());
    }

    /** The same observation with the activity that could be read. */
    public Observation withActivity(Map<String, Instant> activity) {
        return new Observation(pair, observedAt, sessions, targetTags, activity);
    }
}
