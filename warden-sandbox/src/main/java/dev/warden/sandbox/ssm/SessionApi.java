package dev.warden.sandbox.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.sandbox.fleet.Fleet;
import dev.warden.sandbox.fleet.ManagedInstance;
import dev.warden.sandbox.protocol.AwsJson;
import dev.warden.sandbox.protocol.CallContext;
import dev.warden.sandbox.protocol.CommonErrors;
import dev.warden.sandbox.session.NewSession;
import dev.warden.sandbox.session.NoSuchSessionException;
import dev.warden.sandbox.session.SessionDocument;
import dev.warden.sandbox.session.SessionGrant;
import dev.warden.sandbox.session.SessionRegistry;
import dev.warden.sandbox.session.SessionSnapshot;
import dev.warden.sandbox.session.SessionStatus;
import dev.warden.sandbox.session.StreamUrls;
import dev.warden.sandbox.session.Termination;
import dev.warden.sandbox.session.TerminationCause;
import dev.warden.sandbox.ssm.document.BuiltInDocuments;
import dev.warden.sandbox.ssm.document.DocumentStore;
import dev.warden.sandbox.ssm.document.PreferencesResolver;
import dev.warden.sandbox.ssm.document.SessionDocumentResolver;
import dev.warden.sandbox.ssm.document.StoredDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** StartSession, ResumeSession, TerminateSession and DescribeSessions. */
final class SessionApi {

    private static final Pattern DOCUMENT_ARN = Pattern.compile("^[a-zA-Z0-9_\\-.:/]{3,128}$");
    private static final Pattern REASON = Pattern.compile("^.{1,256}$");
    private static final List<String> STATES = List.of("Active", "History");
    private static final List<String> FILTER_KEYS =
            List.of("InvokedAfter", "InvokedBefore", "Target", "Owner", "Status", "SessionId", "AccessType");
    /** DescribeSessions only returns sessions of the last 30 days. */
    private static final Duration HISTORY_WINDOW = Duration.ofDays(30);

    private final SessionRegistry sessions;
    private final Fleet fleet;
    private final DocumentStore documents;
    private final PreferencesResolver preferences;
    private final StreamUrls streamUrls;
    private final Clock clock;

    SessionApi(SessionRegistry sessions, Fleet fleet, DocumentStore documents, StreamUrls streamUrls, Clock clock) {
        this.sessions = sessions;
        this.fleet = fleet;
        this.documents = documents;
        this.preferences = new PreferencesResolver(documents);
        this.streamUrls = streamUrls;
        this.clock = clock;
    }

    ObjectNode startSession(JsonNode in, CallContext context) {
        String target = AwsJson.length(AwsJson.requiredString(in, "Target"), "Target", 1, 400);
        String documentName = AwsJson.pattern(AwsJson.string(in, "DocumentName").orElse(BuiltInDocuments.PREFERENCES),
                "DocumentName", DOCUMENT_ARN);
        String reason = AwsJson.string(in, "Reason").orElse(null);
        if (reason != null) {
            AwsJson.pattern(AwsJson.length(reason, "Reason", 1, 256), "Reason", REASON);
        }
        Map<String, List<String>> parameters = AwsJson.stringListMap(in, "Parameters");
        parameters.forEach((name, values) -> {
            AwsJson.length(name, "Parameters", 1, 255);
            values.forEach(v -> AwsJson.length(v, "Parameters", 1, 65535));
        });

        String name = DocumentNames.nameOf(documentName);
        StoredDocument document = documents.find(name).orElseThrow(() -> SsmErrors.documentDoesNotExist(name));
        if (!"Session".equals(document.documentType())) {
            throw SsmErrors.invalidDocument("Document " + name + " is of type " + document.documentType()
                    + "; sessions need a document of type Session.");
        }
        SessionDocument resolved = SessionDocumentResolver.resolve(document, document.defaultDocumentVersion(),
                parameters);
        ManagedInstance instance = fleet.find(target).filter(ManagedInstance::isOnline)
                .orElseThrow(() -> SsmErrors.targetNotConnected(target));

        SessionGrant grant = sessions.start(new NewSession(instance.instanceId(), resolved, context.principal(), reason,
                preferences.resolve(resolved)));
        return grantResponse(grant);
    }

    ObjectNode resumeSession(JsonNode in, CallContext context) {
        String sessionId = AwsJson.length(AwsJson.requiredString(in, "SessionId"), "SessionId", 1, 96);
        try {
            if (!isHere(sessionId)) {
                throw new NoSuchSessionException(sessionId);
            }
            Optional<SessionGrant> grant = sessions.resume(sessionId);
            if (grant.isPresent()) {
                return grantResponse(grant.get());
            }
            // An ended session: AWS answers without TokenValue; the plugin prints "Session: <id> timed out."
            ObjectNode out = AwsJson.object();
            out.put("SessionId", sessionId);
            return out;
        } catch (NoSuchSessionException e) {
            throw SsmErrors.doesNotExist("Session with id " + sessionId + " does not exist.");
        }
    }

    ObjectNode terminateSession(JsonNode in, CallContext context) {
        String sessionId = AwsJson.length(AwsJson.requiredString(in, "SessionId"), "SessionId", 1, 96);
        // AWS answers success for any id, ended or unknown; only a live session of this account and region changes.
        if (isHere(sessionId)) {
            sessions.terminate(sessionId, Termination.of(TerminationCause.TERMINATE_SESSION));
        }
        ObjectNode out = AwsJson.object();
        out.put("SessionId", sessionId);
        return out;
    }

    ObjectNode describeSessions(JsonNode in, CallContext context) {
        String state = AwsJson.oneOf(AwsJson.requiredString(in, "State"), "State", STATES);
        int maxResults = AwsJson.integer(in, "MaxResults").map(m -> AwsJson.range(m, "MaxResults", 1, 200)).orElse(20);
        List<JsonNode> filters = AwsJson.list(in, "Filters");
        if (in.has("Filters") && (filters.isEmpty() || filters.size() > 6)) {
            throw CommonErrors.validation(filters.size() + " filters", "filters",
                    "Member must have length between 1 and 6");
        }
        Predicate<SessionSnapshot> matches = s -> "Active".equals(state) == s.status().isActive()
                && fleet.find(s.target()).isPresent();
        Instant oldest = clock.instant().minus(HISTORY_WINDOW);
        matches = matches.and(s -> !s.startDate().isBefore(oldest));
        for (JsonNode filter : filters) {
            matches = matches.and(sessionFilter(filter));
        }
        // A SessionId filter is a lookup, not a scan: confirming each of a thousand terminations this way must
        // not cost a thousand sorts of every session the sandbox holds.
        Optional<String> sessionId = filters.stream().filter(f -> "SessionId".equals(f.path("key").asText()))
                .map(f -> f.path("value").asText()).findFirst();
        List<SessionSnapshot> candidates = sessionId.isPresent()
                ? sessions.find(sessionId.get()).map(List::of).orElse(List.of()) : sessions.all();
        List<SessionSnapshot> selected = candidates.stream().filter(matches).toList();
        Page<SessionSnapshot> page = Page.of(selected, "DescribeSessions/" + state,
                AwsJson.string(in, "NextToken").orElse(null), maxResults);

        ObjectNode out = AwsJson.object();
        ArrayNode list = out.putArray("Sessions");
        page.items().forEach(s -> list.add(sessionJson(s)));
        page.nextToken().ifPresent(t -> out.put("NextToken", t));
        return out;
    }

    /** Whether the session runs on an instance of this account and region (sessions elsewhere do not exist here). */
    private boolean isHere(String sessionId) {
        return sessions.find(sessionId).map(s -> fleet.find(s.target()).isPresent()).orElse(false);
    }

    private Predicate<SessionSnapshot> sessionFilter(JsonNode filter) {
        String key = AwsJson.requiredString(filter, "key");
        String value = AwsJson.length(AwsJson.requiredString(filter, "value"), "value", 1, 400);
        if (!FILTER_KEYS.contains(key)) {
            throw SsmErrors.invalidFilterKey();
        }
        return switch (key) {
            case "InvokedAfter" -> {
                Instant after = instant(value);
                yield s -> !s.startDate().isBefore(after);
            }
            case "InvokedBefore" -> {
                Instant before = instant(value);
                yield s -> !s.startDate().isAfter(before);
            }
            case "Target" -> s -> s.target().equals(value);
            case "Owner" -> s -> s.owner().arn().equals(value);
            case "Status" -> {
                AwsJson.oneOf(value, "value", List.of("Connected", "Connecting", "Disconnected", "Terminated",
                        "Terminating", "Failed"));
                yield s -> s.status() == SessionStatus.valueOf(value);
            }
            case "SessionId" -> s -> s.sessionId().equals(value);
            default -> s -> "Standard".equals(value);
        };
    }

    /** Filter dates as the API reference shows them: {@code 2018-08-29T00:00:00Z} (a bare date also works). */
    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw CommonErrors.validation(value, "value",
                        "Member must be a timestamp such as 2018-08-29T00:00:00Z");
            }
        }
    }

    private ObjectNode grantResponse(SessionGrant grant) {
        SessionSnapshot s = grant.session();
        ObjectNode out = AwsJson.object();
        out.put("SessionId", s.sessionId());
        out.put("TokenValue", grant.token().value());
        out.put("StreamUrl", streamUrls.streamUrl(s.sessionId(), s.cellNumber()));
        return out;
    }

    static ObjectNode sessionJson(SessionSnapshot s) {
        ObjectNode json = AwsJson.object();
        json.put("SessionId", s.sessionId());
        json.put("Target", s.target());
        json.put("Status", s.status().name());
        json.put("StartDate", AwsJson.timestamp(s.startDate()));
        s.endTime().ifPresent(end -> json.put("EndDate", AwsJson.timestamp(end)));
        json.put("DocumentName", s.document().name());
        json.put("Owner", s.owner().arn());
        s.reasonText().ifPresent(r -> json.put("Reason", r));
        json.putObject("OutputUrl");
        s.preferences().maxSessionDurationMinutes().ifPresent(m -> json.put("MaxSessionDuration", m));
        json.put("AccessType", "Standard");
        return json;
    }
}
