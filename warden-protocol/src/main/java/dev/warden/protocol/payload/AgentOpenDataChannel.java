package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * The agent's OpenDataChannel text frame, in the agent's key order
 * {@code {"MessageSchemaVersion":"1.0","RequestId":…,"TokenValue":…,"ClientInstanceId":…,"ClientId":…}}
 * (agent-side.md §2.3).
 *
 * @param requestId        a new random UUID on every open and reopen
 * @param tokenValue       the CreateDataChannel token — a secret
 * @param clientInstanceId the instance (target) id of the agent
 * @param clientId         empty in the agent versions seen so far
 */
public record AgentOpenDataChannel(String requestId, String tokenValue, String clientInstanceId, String clientId)
        implements OpenDataChannel {

    public AgentOpenDataChannel {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tokenValue, "tokenValue");
        Objects.requireNonNull(clientInstanceId, "clientInstanceId");
        Objects.requireNonNull(clientId, "clientId");
    }

    @Override
    public byte[] encode() {
        ObjectNode json = OpenDataChannelJson.commonMembers(this);
        json.put("ClientInstanceId", clientInstanceId);
        json.put("ClientId", clientId);
        return PayloadJson.write(json);
    }

    @Override
    public String toString() {
        return "AgentOpenDataChannel[requestId=" + requestId + ", tokenValue=<redacted>, clientInstanceId="
                + clientInstanceId + ", clientId=" + clientId + "]";
    }
}
