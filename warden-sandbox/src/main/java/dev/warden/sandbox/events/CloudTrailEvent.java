package dev.warden.sandbox.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.sandbox.auth.Principal;
import dev.warden.sandbox.protocol.AwsJson;
import dev.warden.sandbox.protocol.CallContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * The EventBridge event CloudTrail produces for an SSM API call ({@code detail-type: AWS API Call via
 * CloudTrail}, {@code source: aws.ssm}): the envelope, the caller's identity, the request parameters and
 * response elements with lower-camel-case member names, and the session token hidden as CloudTrail hides it.
 */
final class CloudTrailEvent {

    static final String HIDDEN = "Value hidden due to security reasons.";

    private CloudTrailEvent() {
    }

    static ObjectNode of(String eventName, JsonNode request, JsonNode response, CallContext context, Instant time) {
        String when = time.truncatedTo(ChronoUnit.SECONDS).toString();
        Principal principal = context.principal();
        ObjectNode event = AwsJson.object();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "AWS API Call via CloudTrail");
        event.put("source", "aws.ssm");
        event.put("account", principal.accountId());
        event.put("time", when);
        event.put("region", context.caller().region());
        event.putArray("resources");

        ObjectNode detail = event.putObject("detail");
        detail.put("eventVersion", "1.09");
        ObjectNode identity = detail.putObject("userIdentity");
        identity.put("type", principal.isAssumedRole() ? "AssumedRole" : "IAMUser");
        identity.put("principalId", principal.userId());
        identity.put("arn", principal.arn());
        identity.put("accountId", principal.accountId());
        identity.put("accessKeyId", context.caller().accessKeyId());
        if (!principal.isAssumedRole()) {
            identity.put("userName", principal.name());
        }
        detail.put("eventTime", when);
        detail.put("eventSource", "ssm.amazonaws.com");
        detail.put("eventName", eventName);
        detail.put("awsRegion", context.caller().region());
        detail.put("sourceIPAddress", "127.0.0.1");
        detail.put("userAgent", "warden-sandbox");
        detail.set("requestParameters", lowerCamel(request));
        ObjectNode elements = (ObjectNode) lowerCamel(response);
        if (elements.has("tokenValue")) {
            elements.put("tokenValue", HIDDEN);
        }
        detail.set("responseElements", elements);
        detail.put("requestID", context.requestId());
        detail.put("eventID", UUID.randomUUID().toString());
        detail.put("readOnly", false);
        detail.put("eventType", "AwsApiCall");
        detail.put("managementEvent", true);
        detail.put("recipientAccountId", principal.accountId());
        detail.put("eventCategory", "Management");
        return event;
    }

    /** A copy with every object member's name in lower camel case ({@code SessionId} → {@code sessionId}). */
    private static JsonNode lowerCamel(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = AwsJson.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(AwsJson.lowerCamel(field.getKey()), lowerCamel(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = AwsJson.mapper().createArrayNode();
            node.forEach(item -> copy.add(lowerCamel(item)));
            return copy;
        }
        return node;
    }
}
