package dev.warden.protocol.payload;

import dev.warden.protocol.Decoding;

import java.nio.charset.StandardCharsets;

/**
 * The first message on a data-channel websocket, a text frame of JSON that authenticates the connection
 * with the {@code TokenValue} (client-protocol.md §2.4, agent-side.md §2.3). Clients and agents send
 * different forms; the agent's has a {@code ClientInstanceId}, which is how {@link #decode} tells them apart.
 *
 * <p>The token is a bearer secret: every implementation redacts it from {@code toString()}, and decode errors
 * never quote the input.
 */
public sealed interface OpenDataChannel permits ClientOpenDataChannel, AgentOpenDataChannel {

    /** The only {@code MessageSchemaVersion} there is. */
    String MESSAGE_SCHEMA_VERSION = "1.0";

    /** A fresh UUID per (re)open. */
    String requestId();

    /** The data-channel token: a secret. */
    String tokenValue();

    String clientId();

    /** The text frame's JSON, UTF-8 encoded. */
    byte[] encode();

    /** The text frame's JSON as a string. */
    default String encodeToString() {
        return new String(encode(), StandardCharsets.UTF_8);
    }

    /** Reads either form from the text frame's UTF-8 bytes. */
    static Decoding<OpenDataChannel> decode(byte[] text) {
        try {
            JsonMembers members = JsonMembers.parse(text, "OpenDataChannel message");
            String schemaVersion = members.requiredString("MessageSchemaVersion");
            if (!MESSAGE_SCHEMA_VERSION.equals(schemaVersion)) {
                throw members.malformed("MessageSchemaVersion", "is not " + MESSAGE_SCHEMA_VERSION);
            }
            String requestId = members.requiredString("RequestId");
            String tokenValue = members.requiredString("TokenValue");
            String clientId = members.requiredString("ClientId");
            if (members.has("ClientInstanceId")) {
                return Decoding.ok(new AgentOpenDataChannel(requestId, tokenValue,
                        members.requiredString("ClientInstanceId"), clientId));
            }
            return Decoding.ok(new ClientOpenDataChannel(requestId, tokenValue, clientId,
                    members.optionalString("ClientVersion")));
        } catch (MalformedPayload e) {
            return e.toDecoding();
        }
    }

    /** Reads either form from the text frame. */
    static Decoding<OpenDataChannel> decode(String text) {
        return decode(text.getBytes(StandardCharsets.UTF_8));
    }
}
