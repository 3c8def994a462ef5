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
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionFilter;
import software.amazon.awssdk.services.ssm.model.SessionFilterKey;
import software.amazon.awssdk.services.ssm.model.SessionState;

/**
 * Reads one account × region: every page of DescribeSessions (Active), then the tags of each distinct target
 * (ListTagsForResource, ResourceType ManagedInstance); or one session an event names. The only session reads of
 * the engine.
 */
public final class SessionObserver {

    /** DescribeSessions returns at most 200 sessions a page. */
    private static final int PAGE_SIZE = 200;

    private final Clock clock;
    private final TargetTags tags;

    /** An observer that reads every target's tags afresh (a pass). */
    public SessionObserver(Clock clock) {
        this(clock, TargetTags.uncached());
    }

    /** @param tags where the targets' tags come from (watch keeps them for a short time between events) */
    public SessionObserver(Clock clock, TargetTags tags) {
        this.clock = clock;
        this.tags = tags;
    }

    public Observation observe(AccountRegion pair, SsmClient ssm) {
        List<ObservedSession> sessions = new ArrayList<>();
        ssm.describeSessionsPaginator(r -> r.state(SessionState.ACTIVE).maxResults(PAGE_SIZE)).sessions()
                .forEach(s -> sessions.add(toObserved(s)));
        Set<String> targets = new LinkedHashSet<>();
        sessions.forEach(s -> targets.add(s.target()));
        return new Observation(pair, clock.instant(), sessions, tagsOf(pair, ssm, targets));
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
        return new Observation(pair, clock.instant(), sessions, tagsOf(pair, ssm, targets));
    }

    private Map<String, Map<String, String>> tagsOf(AccountRegion pair, SsmClient ssm, Set<String> targets) {
        Map<String, Map<String, String>> byTarget = new HashMap<>();
        for (String target : targets) {
            tags.of(pair, ssm, target).ifPresent(t -> byTarget.put(target, t));
        }
        return byTarget;
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
