package dev.warden.governance.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the EventBridge event of a CloudTrail-recorded SSM call ({@code source: aws.ssm}, {@code detail-type: AWS
 * API Call via CloudTrail}): the envelope's id, account, region and time, and from {@code detail} the event name,
 * the caller, and the session or document it concerns. Events of other calls are not of interest (empty).
 */
public final class CloudTrailEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DETAIL_TYPE = "AWS API Call via CloudTrail";

    private CloudTrailEvents() {
    }

    /**
     * @return the event, or empty for a well-formed event watch does not act on (another call or source)
     * @throws MalformedEventException when the body is not such an event, or lacks a field its kind needs
     */
    public static Optional<SessionEvent> parse(String body) {
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            throw new MalformedEventException("the body is not a JSON object");
        }
        if (!"aws.ssm".equals(event.path("source").asText()) || !DETAIL_TYPE.equals(event.path("detail-type").asText())) {
            return Optional.empty();
        }
        JsonNode detail = event.path("detail");
        Optional<SessionEvent.Type> type = SessionEvent.Type.ofEventName(detail.path("eventName").asText());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        String id = required(event, "id");
        String account = required(event, "account");
        String region = required(event, "region");
        Instant time;
        try {
            time = Instant.parse(required(event, "time"));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("time: not an ISO-8601 instant");
        }
        JsonNode request = detail.path("requestParameters");
        JsonNode response = detail.path("responseElements");
        Optional<String> principal = text(detail.path("userIdentity").path("arn"));
        boolean documentEvent = type.get().changesDocument();
        // StartSession and ResumeSession answer with the session id; TerminateSession is asked for it.
        Optional<String> sessionId = documentEvent ? Optional.empty()
                : text(response.path("sessionId")).or(() -> text(request.path("sessionId")));
        Optional<String> document = documentEvent ? text(request.path("name")) : Optional.empty();
        if (documentEvent ? document.isEmpty() : sessionId.isEmpty()) {
            throw new MalformedEventException(type.get().eventName() + " without a "
                    + (documentEvent ? "document name (requestParameters.name)" : "session id (sessionId)"));
        }
        return Optional.of(new SessionEvent(id, type.get(), account, region, time, sessionId,
                text(request.path("target")), principal, document));
    }

    private static String required(JsonNode event, String field) {
        return text(event.path(field)).orElseThrow(() -> new MalformedEventException(field + ": missing"));
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }
}
