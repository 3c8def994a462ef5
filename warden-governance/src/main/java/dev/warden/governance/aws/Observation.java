package dev.warden.governance.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one account × region looked like: its active sessions and the tags of their targets (a target whose tags
 * could not be read is absent from {@code targetTags}).
 */
public record Observation(AccountRegion pair, Instant observedAt, List<ObservedSession> sessions,
                          Map<String, Map<String, String>> targetTags) {

    public Observation {
        sessions = List.copyOf(sessions);
        targetTags = Map.copyOf(targetTags);
    }
}
