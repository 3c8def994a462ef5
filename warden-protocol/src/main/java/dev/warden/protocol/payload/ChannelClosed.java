package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.protocol.Decoding;

import java.util.Objects;

/**
 * The payload of a {@code channel_closed} message, which the service sends to end the session
 * (client-protocol.md §8, agent-side.md §2.8):
 * {@code {"MessageId","CreatedDate","DestinationId","SessionId","MessageType","SchemaVersion","Output"}} in
 * that order. {@code CreatedDate} is a string (the agent declares it so), {@code SchemaVersion} a number.
 * {@code Output} is the reason shown to the user; empty for a normal end.
 *
 * <p>Decoding is deliberately lenient about absent members (they read as empty, or 0, as in Go): this
 * message ends the session, and refusing it over a missing informational field would keep alive a session
 * the service has already closed. Members of the wrong JSON type are still refused.
 */
public record ChannelClosed(String messageId, String createdDate, String destinationId, String sessionId,
                            String messageType, int schemaVersion, String output) {

    public ChannelClosed {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(createdDate, "createdDate");
        Objects.requireNonNull(destinationId, "destinationId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(output, "output");
    }

    public byte[] encode() {
        ObjectNode json = PayloadJson.mapper().createObjectNode();
        json.put("MessageId", messageId);
        json.put("CreatedDate", createdDate);
        json.put("DestinationId", destinationId);
        json.put("SessionId", sessionId);
        json.put("MessageType", messageType);
        json.put("SchemaVersion", schemaVersion);
        json.put("Output", output);
        return PayloadJson.write(json);
    }

    public static Decoding<ChannelClosed> decode(byte[] payload) {
        try {
            JsonMembers members = JsonMembers.parse(payload, "channel_closed payload");
            return Decoding.ok(new ChannelClosed(
                    orEmpty(members.optionalString("MessageId")),
                    orEmpty(members.optionalString("CreatedDate")),
                    orEmpty(members.optionalString("DestinationId")),
                    orEmpty(members.optionalString("SessionId")),
                    orEmpty(members.optionalString("MessageType")),
                    members.intOrZero("SchemaVersion"),
                    orEmpty(members.optionalString("Output"))));
        } catch (MalformedPayload e) {
            return e.toDecoding();
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
