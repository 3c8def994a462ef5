package dev.warden.governance.aws;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InvalidResourceIdException;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionFilter;
import software.amazon.awssdk.services.ssm.model.SessionFilterKey;
import software.amazon.awssdk.services.ssm.model.SessionState;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * Reads one account × region: every page of DescribeSessions (Active), then the tags of each distinct target
 * (ListTagsForResource, ResourceType ManagedInstance); or one session an event names. The only session reads of
 * the engine.
 */
public final class SessionObserver {

    /** DescribeSessions returns at most 200 sessions a page. */
    private static final int PAGE_SIZE = 200;

    private final Clock clock;

    public SessionObserver(Clock clock) {
        this.clock = clock;
    }

    public Observation observe(AccountRegion pair, SsmClient ssm) {
        List<ObservedSession> sessions = new ArrayList<>();
        ssm.describeSessionsPaginator(r -> r.state(SessionState.ACTIVE).maxResults(PAGE_SIZE)).sessions()
                .forEach(s -> sessions.add(toObserved(s)));
        Set<String> targets = new LinkedHashSet<>();
        sessions.forEach(s -> targets.add(s.target()));
        return new Observation(pair, clock.instant(), sessions, tagsOf(ssm, targets));
    }

    /**
     * Reads one session (DescribeSessions, State Active, by SessionId: a lookup, not a scan) and its target's tags,
     * for a session an event names. The observation holds no session when it is not active (ended, or unknown).
     */
    public Observation observeSession(AccountRegion pair, SsmClient ssm, String sessionId) {
        List<ObservedSession> sessions = new ArrayList<>();
        ssm.describeSessions(r -> r.state(SessionState.ACTIVE).filters(SessionFilter.builder()
                .key(SessionFilterKey.SESSION_ID).value(sessionId).build())).sessions()
                .forEach(s -> sessions.add(toObserved(s)));
        Set<String> targets = new LinkedHashSet<>();
        sessions.forEach(s -> targets.add(s.target()));
        return new Observation(pair, clock.instant(), sessions, tagsOf(ssm, targets));
    }

    private static Map<String, Map<String, String>> tagsOf(SsmClient ssm, Set<String> targets) {
        Map<String, Map<String, String>> tags = new HashMap<>();
        for (String target : targets) {
            try {
                Map<String, String> t = new HashMap<>();
                for (Tag tag : ssm.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                        .resourceId(target)).tagList()) {
                    t.put(tag.key(), tag.value());
                }
                tags.put(target, t);
            } catch (InvalidResourceIdException e) {
                // A target that is no longer registered: judged as untagged, which the review shows.
            }
        }
        return tags;
    }

    private static ObservedSession toObserved(Session s) {
        Optional<Duration> documentMax = Optional.ofNullable(s.maxSessionDuration()).filter(m -> !m.isBlank())
                .flatMap(SessionObserver::minutes);
        return new ObservedSession(s.sessionId(), s.target(), s.owner(), s.statusAsString(), s.startDate(),
                s.documentName(), documentMax);
    }

    private static Optional<Duration> minutes(String value) {
        try {
            return Optional.of(Duration.ofMinutes(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
