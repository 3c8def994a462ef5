package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;
import java.util.UUID;

/**
 * The client's OpenDataChannel text frame, in the official client's key order
 * {@code {"MessageSchemaVersion":"1.0","RequestId":…,"TokenValue":…,"ClientId":…,"ClientVersion":…}}
 * (client-protocol.md §2.4).
 *
 * @param requestId     a new random UUID on every open and reopen
 * @param tokenValue    the StartSession or latest ResumeSession token — a secret
 * @param clientId      a random UUID made once per client process and reused on reconnects
 * @param clientVersion the client's version, or null for the form of clients up to 1.2.553.0, which omit it
 */
public record ClientOpenDataChannel(String requestId, String tokenValue, String clientId, String clientVersion)
        implements OpenDataChannel {

    public ClientOpenDataChannel {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tokenValue, "tokenValue");
        Objects.requireNonNull(clientId, "clientId");
    }

    /** The frame as the official client writes it, with lower-case hyphenated UUIDs. */
    public static ClientOpenDataChannel of(UUID requestId, String tokenValue, UUID clientId, String clientVersion) {
        return new ClientOpenDataChannel(requestId.toString(), tokenValue, clientId.toString(),
                Objects.requireNonNull(clientVersion, "clientVersion"));
    }

    @Override
    public byte[] encode() {
        ObjectNode json = OpenDataChannelJson.commonMembers(this);
        json.put("ClientId", clientId);
        if (clientVersion != null) {
            json.put("ClientVersion", clientVersion);
        }
        return PayloadJson.write(json);
    }

    @Override
    public String toString() {
        return "ClientOpenDataChannel[requestId=" + requestId + ", tokenValue=<redacted>, clientId=" + clientId
                + ", clientVersion=" + clientVersion + "]";
    }
}
