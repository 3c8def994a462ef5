package dev.warden.sandbox.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.sandbox.fleet.AccountRegion;
import dev.warden.sandbox.fleet.Fleet;
import dev.warden.sandbox.protocol.AwsJson;
import dev.warden.sandbox.protocol.AwsServiceException;
import dev.warden.sandbox.protocol.CallContext;
import dev.warden.sandbox.protocol.JsonOperation;
import dev.warden.sandbox.protocol.JsonService;
import dev.warden.sandbox.session.SessionRegistry;
import dev.warden.sandbox.session.SessionSnapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CloudWatch Logs ({@code X-Amz-Target: Logs_20140328.<Operation>}, signing name {@code logs}), what a
 * Session Manager audit needs: the log groups with their KMS keys, and the sessions' log streams with the time
 * of their last event. As the agent does, a session whose preferences name a log group of its account and
 * region that exists streams to {@code <group>/<session id>}; the stream's events are the session's data-channel
 * traffic, so its {@code lastEventTimestamp} is the session's last activity (absent before any).
 */
public final class LogsApi {

    private static final Pattern GROUP_NAME = Pattern.compile("^[\\w\\-./#]{1,512}$");
    private static final Pattern KMS_KEY_ARN = Pattern.compile("^arn:aws:kms:[a-z0-9-]+:\\d{12}:key/.+$");

    private final LogGroups groups;
    private final SessionRegistry sessions;
    private final Fleet fleet;
    private final Clock clock;

    private LogsApi(LogGroups groups, SessionRegistry sessions, Fleet fleet, Clock clock) {
        this.groups = groups;
        this.sessions = sessions;
        this.fleet = fleet;
        this.clock = clock;
    }

    public static JsonService create(LogGroups groups, SessionRegistry sessions, Fleet fleet, Clock clock) {
        LogsApi api = new LogsApi(groups, sessions, fleet, clock);
        Map<String, JsonOperation> ops = new LinkedHashMap<>();
        ops.put("CreateLogGroup", api::createLogGroup);
        ops.put("AssociateKmsKey", api::associateKmsKey);
        ops.put("DescribeLogGroups", api::describeLogGroups);
        ops.put("DescribeLogStreams", api::describeLogStreams);
        return new JsonService("Logs_20140328", "logs", "ServiceUnavailableException", ops);
    }

    private ObjectNode createLogGroup(JsonNode in, CallContext context) {
        String name = groupName(in);
        String kmsKeyId = kmsKey(in, false);
        if (!groups.create(new LogGroups.LogGroup(context.accountRegion(), name, kmsKeyId, clock.instant()))) {
            throw new AwsServiceException("ResourceAlreadyExistsException", 400,
                    "The specified log group already exists", "message");
        }
        return AwsJson.object();
    }

    private ObjectNode associateKmsKey(JsonNode in, CallContext context) {
        String name = groupName(in);
        String kmsKeyId = kmsKey(in, true);
        if (!groups.setKmsKey(context.accountRegion(), name, kmsKeyId)) {
            throw groupNotFound();
        }
        return AwsJson.object();
    }

    private ObjectNode describeLogGroups(JsonNode in, CallContext context) {
        String prefix = AwsJson.string(in, "logGroupNamePrefix").orElse("");
        int limit = AwsJson.integer(in, "limit").map(l -> AwsJson.range(l, "limit", 1, 50)).orElse(50);
        List<LogGroups.LogGroup> selected = groups.all(context.accountRegion()).stream()
                .filter(g -> g.name().startsWith(prefix)).toList();
        ObjectNode out = AwsJson.object();
        ArrayNode list = out.putArray("logGroups");
        page(selected, in, limit, out).forEach(g -> {
            ObjectNode json = list.addObject();
            json.put("logGroupName", g.name());
            json.put("creationTime", g.creationTime().toEpochMilli());
            json.put("metricFilterCount", 0);
            json.put("arn", g.arn() + ":*");
            json.put("logGroupArn", g.arn());
            json.put("storedBytes", 0);
            if (g.kmsKeyId() != null) {
                json.put("kmsKeyId", g.kmsKeyId());
            }
        });
        return out;
    }

    private ObjectNode describeLogStreams(JsonNode in, CallContext context) {
        String name = groupName(in);
        AccountRegion where = context.accountRegion();
        LogGroups.LogGroup group = groups.find(where, name).orElseThrow(LogsApi::groupNotFound);
        String prefix = AwsJson.string(in, "logStreamNamePrefix").orElse("");
        String orderBy = AwsJson.oneOf(AwsJson.string(in, "orderBy").orElse("LogStreamName"), "orderBy",
                List.of("LogStreamName", "LastEventTime"));
        if (!prefix.isEmpty() && orderBy.equals("LastEventTime")) {
            throw new AwsServiceException("InvalidParameterException", 400,
                    "Cannot order by LastEventTime with a logStreamNamePrefix.", "message");
        }
        boolean descending = in.path("descending").asBoolean(false);
        int limit = AwsJson.integer(in, "limit").map(l -> AwsJson.range(l, "limit", 1, 50)).orElse(50);

        Fleet here = fleet.in(where);
        List<SessionSnapshot> streams = new ArrayList<>();
        // Sorted below; selecting by id first keeps one call per session cheap at 10,000 sessions.
        for (SessionSnapshot s : sessions.withIdPrefix(prefix)) {
            if (s.preferences().cloudWatchLogGroup().equals(name) && here.find(s.target()).isPresent()
                    && !s.startDate().isBefore(group.creationTime())) {
                streams.add(s);
            }
        }
        Comparator<SessionSnapshot> order = orderBy.equals("LastEventTime")
                ? Comparator.comparing(SessionSnapshot::lastActivity).thenComparing(SessionSnapshot::sessionId)
                : Comparator.comparing(SessionSnapshot::sessionId);
        streams.sort(descending ? order.reversed() : order);

        ObjectNode out = AwsJson.object();
        ArrayNode list = out.putArray("logStreams");
        page(streams, in, limit, out).forEach(s -> {
            ObjectNode json = list.addObject();
            json.put("logStreamName", s.sessionId());
            json.put("creationTime", s.startDate().toEpochMilli());
            if (s.lastActivity().isAfter(s.startDate())) {
                json.put("firstEventTimestamp", s.startDate().toEpochMilli());
                json.put("lastEventTimestamp", s.lastActivity().toEpochMilli());
                json.put("lastIngestionTime", s.lastActivity().toEpochMilli());
            }
            json.put("arn", group.arn() + ":log-stream:" + s.sessionId());
            json.put("storedBytes", 0);
        });
        return out;
    }

    /** The page of {@code all} that {@code nextToken} (an offset here) starts, setting the next token. */
    private static <T> List<T> page(List<T> all, JsonNode in, int limit, ObjectNode out) {
        int offset = 0;
        String token = AwsJson.string(in, "nextToken").orElse(null);
        if (token != null) {
            try {
                offset = Integer.parseInt(token.substring(token.indexOf('/') + 1));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                offset = -1;
            }
            if (!token.startsWith("page/") || offset < 0 || offset > all.size()) {
                throw new AwsServiceException("InvalidParameterException", 400, "The specified nextToken is invalid.",
                        "message");
            }
        }
        int end = Math.min(all.size(), offset + limit);
        if (end < all.size()) {
            out.put("nextToken", "page/" + end);
        }
        return all.subList(offset, end);
    }

    private static String groupName(JsonNode in) {
        return AwsJson.pattern(AwsJson.requiredString(in, "logGroupName"), "logGroupName", GROUP_NAME);
    }

    private static String kmsKey(JsonNode in, boolean required) {
        String key = required ? AwsJson.requiredString(in, "kmsKeyId") : AwsJson.string(in, "kmsKeyId").orElse(null);
        if (key != null && !KMS_KEY_ARN.matcher(key).matches()) {
            throw new AwsServiceException("InvalidParameterException", 400,
                    "Specified KMS key must be a key ARN: " + key, "message");
        }
        return key;
    }


    private static AwsServiceException groupNotFound() {
        return new AwsServiceException("ResourceNotFoundException", 400, "The specified log group does not exist.",
                "message");
    }
}
