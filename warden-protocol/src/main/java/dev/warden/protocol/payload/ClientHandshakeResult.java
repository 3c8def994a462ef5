package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.crypto.SessionDataKey;

import java.util.Objects;
import java.util.Optional;

/**
 * What the client learned and decided while answering a HandshakeRequest: the response to send, and the
 * session it must then run.
 */
public final class ClientHandshakeResult {

    private final HandshakeResponse response;
    private final String agentVersion;
    private final String sessionHandler;
    private final JsonNode sessionProperties;
    private final SessionDataKey dataKey;

    ClientHandshakeResult(HandshakeResponse response, String agentVersion, String sessionHandler,
                          JsonNode sessionProperties, SessionDataKey dataKey) {
        this.response = Objects.requireNonNull(response, "response");
        this.agentVersion = Objects.requireNonNull(agentVersion, "agentVersion");
        this.sessionHandler = sessionHandler;
        this.sessionProperties = sessionProperties == null ? null : sessionProperties.deepCopy();
        this.dataKey = dataKey;
    }

    /** The HandshakeResponse payload to send (PayloadType 6, in clear). */
    public HandshakeResponse response() {
        return response;
    }

    /** The agent's version, for the client's version gates. */
    public String agentVersion() {
        return agentVersion;
    }

    /**
     * The client session handler to run: {@link SessionTypes#STANDARD_STREAM} (all shell types) or
     * {@link SessionTypes#PORT}; empty when the request named none or an unknown one.
     */
    public Optional<String> sessionHandler() {
        return Optional.ofNullable(sessionHandler);
    }

    /** The session properties of the SessionType action (a JSON object), when there were any. */
    public Optional<JsonNode> sessionProperties() {
        return Optional.ofNullable(sessionProperties).map(JsonNode::deepCopy);
    }

    /**
     * The session data key when KMS encryption was set up; make the client cipher from it
     * ({@link SessionDataKey#forClient()}) and encrypt from now on — the agent's next message is already
     * the encryption challenge.
     */
    public Optional<SessionDataKey> dataKey() {
        return Optional.ofNullable(dataKey);
    }

    /** True when every requested action succeeded; otherwise the agent will cancel the session. */
    public boolean allActionsSucceeded() {
        return response.processedClientActions().stream().allMatch(ProcessedClientAction::isSuccess);
    }

    @Override
    public String toString() {
        return "ClientHandshakeResult[agentVersion=" + agentVersion + ", sessionHandler=" + sessionHandler
                + ", encrypted=" + (dataKey != null) + ", allActionsSucceeded=" + allActionsSucceeded() + "]";
    }
}
