package dev.warden.governance.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;

/**
 * The last data-channel activity of sessions that log to CloudWatch Logs: Session Manager writes each such
 * session to a stream named after its session id, whose {@code lastEventTimestamp} is its last activity.
 *
 * <p>Which log group a session writes to is decided as the service decides its preferences: a Standard_Stream
 * document carries its own inputs; every other session type runs under {@code SSM-SessionManagerRunShell}.
 * Each distinct document is read once (GetDocument, its default version).
 *
 * <p>AWS allows DescribeLogStreams about five calls a second per account and region, so a group's streams are
 * listed by page, most recent event first ({@code orderBy LastEventTime}, 50 a page), until every session of the
 * group is found or the streams are older than the longest idle limit of the policy: calls grow with pages, not
 * with sessions. Only a session not found by then (idle beyond every limit, or without a stream) is looked up by
 * its own prefix, so that the time it crossed its limit is exact. A session whose group is missing, whose
 * document cannot be read or whose stream cannot be read is left out: its activity is unknown, and unknown is
 * never taken for idle.
 */
public final class LogActivityReader {

    private static final String PREFERENCES = "SSM-SessionManagerRunShell";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most DescribeLogStreams returns in one page. */
    private static final int PAGE_SIZE = 50;

    /** How far back activity can matter to {@code policy}: its longest idle limit. */
    public static Duration horizon(Policy policy) {
        return Stream.concat(policy.tiers().stream(), Stream.of(policy.defaultTier())).map(Tier::idle)
                .max(Duration::compareTo).orElseThrow();
    }

    /**
     * Session id to last activity, for the sessions whose activity could be read.
     *
     * @param now     the time of the observation
     * @param horizon how old activity can be and still matter (see {@link #horizon})
     */
    public Map<String, Instant> read(SsmClient ssm, CloudWatchLogsClient logs, List<ObservedSession> sessions,
                                     Instant now, Duration horizon) {
        Map<String, Optional<String>> groupOfDocument = new HashMap<>();
        Map<String, Map<String, ObservedSession>> sessionsOfGroup = new LinkedHashMap<>();
        for (ObservedSession s : sessions) {
            // Not computeIfAbsent: reading a port document's group reads (and records) the preferences' too.
            Optional<String> group = groupOfDocument.get(s.documentName());
            if (group == null) {
                group = logGroup(ssm, s.documentName(), groupOfDocument);
                groupOfDocument.put(s.documentName(), group);
            }
            group.ifPresent(g -> sessionsOfGroup.computeIfAbsent(g, x -> new LinkedHashMap<>())
                    .put(s.sessionId(), s));
        }
        Map<String, Instant> activity = new HashMap<>();
        Instant cutoff = now.minus(horizon);
        sessionsOfGroup.forEach((group, wanted) -> {
            if (listRecent(logs, group, wanted, cutoff, activity)) {
                // Idle beyond every limit, or without a stream: one call each, for an exact time.
                wanted.values().forEach(s -> lastActivity(logs, group, s).ifPresent(t ->
                        activity.put(s.sessionId(), t)));
            }
        });
        return activity;
    }

    /**
     * Pages through the group's streams, most recent first, taking each wanted session found out of
     * {@code wanted}. Returns false when the group cannot be read (its sessions' activity stays unknown).
     */
    private static boolean listRecent(CloudWatchLogsClient logs, String group, Map<String, ObservedSession> wanted,
                                      Instant cutoff, Map<String, Instant> activity) {
        String token = null;
        try {
            do {
                String next = token;
                DescribeLogStreamsResponse page = logs.describeLogStreams(r -> r.logGroupName(group)
                        .orderBy(OrderBy.LAST_EVENT_TIME).descending(true).limit(PAGE_SIZE).nextToken(next));
                Instant oldest = null;
                for (LogStream stream : page.logStreams()) {
                    ObservedSession s = wanted.remove(stream.logStreamName());
                    Instant last = lastEvent(stream, s);
                    if (s != null) {
                        activity.put(s.sessionId(), last);
                    }
                    oldest = last;
                }
                if (wanted.isEmpty() || oldest == null || oldest.isBefore(cutoff)) {
                    return true;
                }
                token = page.nextToken();
            } while (token != null);
            return true;
        } catch (SdkException e) {
            // ResourceNotFound (the group is gone) or a failed read: unknown, and the pass goes on.
            return false;
        }
    }

    private static Optional<String> logGroup(SsmClient ssm, String documentName,
                                             Map<String, Optional<String>> known) {
        Optional<JsonNode> content = content(ssm, documentName);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        if (!"Standard_Stream".equals(content.get().path("sessionType").asText())) {
            // Port and command sessions run under the account's preferences; read those once too.
            if (PREFERENCES.equals(documentName)) {
                return Optional.empty();
            }
            Optional<String> preferences = known.get(PREFERENCES);
            if (preferences == null) {
                preferences = logGroup(ssm, PREFERENCES, known);
                known.put(PREFERENCES, preferences);
            }
            return preferences;
        }
        String group = content.get().path("inputs").path("cloudWatchLogGroupName").asText("").trim();
        return group.isEmpty() ? Optional.empty() : Optional.of(group);
    }

    private static Optional<JsonNode> content(SsmClient ssm, String documentName) {
        try {
            String text = ssm.getDocument(r -> r.name(documentName).documentFormat(DocumentFormat.JSON)).content();
            return Optional.of(JSON.readTree(text));
        } catch (SdkException | JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> lastActivity(CloudWatchLogsClient logs, String group, ObservedSession s) {
        List<LogStream> streams;
        try {
            streams = logs.describeLogStreams(r -> r.logGroupName(group).logStreamNamePrefix(s.sessionId()))
                    .logStreams();
        } catch (SdkException e) {
            return Optional.empty();
        }
        return streams.stream().filter(l -> s.sessionId().equals(l.logStreamName())).findFirst()
                .map(l -> lastEvent(l, s));
    }

    /** The stream's last event; before any, its creation (or the session's start, for a stream of no session). */
    private static Instant lastEvent(LogStream l, ObservedSession s) {
        return l.lastEventTimestamp() != null ? Instant.ofEpochMilli(l.lastEventTimestamp())
                : l.creationTime() != null ? Instant.ofEpochMilli(l.creationTime())
                : s != null ? s.startDate() : Instant.EPOCH;
    }
}
