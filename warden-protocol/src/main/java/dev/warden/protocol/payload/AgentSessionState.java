package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.protocol.Decoding;

import java.util.Objects;

/**
 * The payload of an {@code agent_session_state} message, which the agent sends to the service (never to the
 * client) when its data channel opens and when a shell ends (agent-side.md §2.4):
 * {@code {"SchemaVersion":1,"SessionState":"Connected"|"Terminating","SessionId":"…"}}.
 */
public record AgentSessionState(int schemaVersion, SessionState sessionState, String sessionId) {

    /** The SchemaVersion the agent writes. */
    public static final int SCHEMA_VERSION = 1;

    /** The two states the agent reports. */
    public enum SessionState {
        /** The agent's data channel is open. */
        CONNECTED("Connected"),
        /** A shell session ended normally; the agent is closing. */
        TERMINATING("Terminating");

        private final String wireName;

        SessionState(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public AgentSessionState {
        Objects.requireNonNull(sessionState, "sessionState");
        Objects.requireNonNull(sessionId, "sessionId");
    }

    public static AgentSessionState connected(String sessionId) {
        return new AgentSessionState(SCHEMA_VERSION, SessionState.CONNECTED, sessionId);
    }

    public static AgentSessionState terminating(String sessionId) {
        return new AgentSessionState(SCHEMA_VERSION, SessionState.TERMINATING, sessionId);
    }

    public byte[] encode() {
        ObjectNode json = PayloadJson.mapper().createObjectNode();
        json.put("SchemaVersion", schemaVersion);
        json.put("SessionState", sessionState.wireName());
        json.put("SessionId", sessionId);
        return PayloadJson.write(json);
    }

    public static Decoding<AgentSessionState> decode(byte[] payload) {
        try {
            JsonMembers members = JsonMembers.parse(payload, "agent_session_state payload");
            int schemaVersion = members.requiredInt("SchemaVersion");
            String state = members.requiredString("SessionState");
            String sessionId = members.requiredString("SessionId");
            for (SessionState known : SessionState.values()) {
                if (known.wireName().equals(state)) {
                    return Decoding.ok(new AgentSessionState(schemaVersion, known, sessionId));
                }
            }
            throw members.malformed("SessionState", "is neither Connected nor Terminating");
        } catch (MalformedPayload e) {
            return e.toDecoding();
        }
    }
}
