package dev.warden.governance.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;

/**
 * The last data-channel activity of sessions that log to CloudWatch Logs: Session Manager writes each such
 * session to a stream named after its session id, whose {@code lastEventTimestamp} is its last activity.
 *
 * <p>Which log group a session writes to is decided as the service decides its preferences: a Standard_Stream
 * document carries its own inputs; every other session type runs under {@code SSM-SessionManagerRunShell}.
 * Each distinct document is read once (GetDocument, its default version), then one DescribeLogStreams per
 * logging session (prefix = its session id). A session whose group is missing, whose document cannot be read
 * or whose stream cannot be read is left out: its activity is unknown, and unknown is never taken for idle.
 */
public final class LogActivityReader {

    private static final String PREFERENCES = "SSM-SessionManagerRunShell";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Session id to last activity, for the sessions whose activity could be read. */
    public Map<String, Instant> read(SsmClient ssm, CloudWatchLogsClient logs, List<ObservedSession> sessions) {
        Map<String, Optional<String>> groupOfDocument = new HashMap<>();
        Map<String, Instant> activity = new HashMap<>();
        for (ObservedSession s : sessions) {
            Optional<String> group = groupOfDocument.computeIfAbsent(s.documentName(),
                    name -> logGroup(ssm, name, groupOfDocument));
            group.flatMap(g -> lastActivity(logs, g, s)).ifPresent(t -> activity.put(s.sessionId(), t));
        }
        return activity;
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
            // ResourceNotFound (the group is gone) or a failed read: unknown, and the pass goes on.
            return Optional.empty();
        }
        return streams.stream().filter(l -> s.sessionId().equals(l.logStreamName())).findFirst()
                .map(l -> l.lastEventTimestamp() != null ? Instant.ofEpochMilli(l.lastEventTimestamp())
                        : l.creationTime() != null ? Instant.ofEpochMilli(l.creationTime()) : s.startDate());
    }
}
