package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.PayloadType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The HandshakeRequest payload (PayloadType 5, agent to client, the agent's sequence-0 message):
 * {@code {"AgentVersion":"…","RequestedClientActions":[{"ActionType":…,"ActionParameters":…},…]}}
 * (client-protocol.md §5.1, agent-side.md §2.5).
 *
 * <p>Decoding is strict about the actions this library knows: a SessionType action must have a string
 * {@code SessionType} and an object or null {@code Properties}; a KMSEncryption action a string
 * {@code KMSKeyId}. Official agents always send those; anything else is {@code BAD_PAYLOAD}.
 *
 * @param agentVersion          the agent's version; drives the client's version gates
 * @param requestedClientActions the actions in the order the agent sent them
 */
public record HandshakeRequest(String agentVersion, List<RequestedClientAction> requestedClientActions)
        implements StreamPayload {

    public HandshakeRequest {
        Objects.requireNonNull(agentVersion, "agentVersion");
        requestedClientActions = List.copyOf(requestedClientActions);
    }

    /** A request as the agent builds it: the session type, then KMS encryption when enabled. */
    public static HandshakeRequest of(String agentVersion, SessionTypeAction sessionType,
                                      Optional<KmsEncryptionAction> kmsEncryption) {
        List<RequestedClientAction> actions = new ArrayList<>();
        actions.add(sessionType);
        kmsEncryption.ifPresent(actions::add);
        return new HandshakeRequest(agentVersion, actions);
    }

    /** The last SessionType action, which is the one that counts. */
    public Optional<SessionTypeAction> sessionTypeAction() {
        return last(SessionTypeAction.class);
    }

    /** The last KMSEncryption action, which is the one that counts. */
    public Optional<KmsEncryptionAction> kmsEncryptionAction() {
        return last(KmsEncryptionAction.class);
    }

    @Override
    public PayloadType payloadType() {
        return PayloadType.HANDSHAKE_REQUEST;
    }

    @Override
    public byte[] encode() {
        ObjectNode json = PayloadJson.mapper().createObjectNode();
        json.put("AgentVersion", agentVersion);
        ArrayNode actions = json.putArray("RequestedClientActions");
        for (RequestedClientAction action : requestedClientActions) {
            ObjectNode entry = actions.addObject();
            entry.put("ActionType", action.actionType());
            entry.set("ActionParameters", parametersOf(action));
        }
        return PayloadJson.write(json);
    }

    public static Decoding<HandshakeRequest> decode(byte[] payload) {
        try {
            JsonMembers members = JsonMembers.parse(payload, "HandshakeRequest payload");
            String agentVersion = members.requiredString("AgentVersion");
            List<RequestedClientAction> actions = new ArrayList<>();
            for (JsonNode entry : members.arrayOrEmpty("RequestedClientActions")) {
                actions.add(actionFrom(JsonMembers.of(entry, "HandshakeRequest action")));
            }
            return Decoding.ok(new HandshakeRequest(agentVersion, actions));
        } catch (MalformedPayload e) {
            return e.toDecoding();
        }
    }

    private static RequestedClientAction actionFrom(JsonMembers action) throws MalformedPayload {
        String actionType = action.requiredString("ActionType");
        switch (actionType) {
            case ActionTypes.SESSION_TYPE: {
                JsonMembers parameters = JsonMembers.of(action.required("ActionParameters"),
                        "SessionType action parameters");
                return new SessionTypeAction(parameters.requiredString("SessionType"),
                        parameters.optionalObject("Properties"));
            }
            case ActionTypes.KMS_ENCRYPTION: {
                JsonMembers parameters = JsonMembers.of(action.required("ActionParameters"),
                        "KMSEncryption action parameters");
                return new KmsEncryptionAction(parameters.requiredString("KMSKeyId"),
                        parameters.optionalString("Challenge"));
            }
            default:
                return new UnknownAction(actionType, action.optional("ActionParameters"));
        }
    }

    private static JsonNode parametersOf(RequestedClientAction action) {
        ObjectNode parameters = PayloadJson.mapper().createObjectNode();
        if (action instanceof SessionTypeAction sessionType) {
            parameters.put("SessionType", sessionType.sessionType());
            parameters.set("Properties", sessionType.properties());
            return parameters;
        }
        if (action instanceof KmsEncryptionAction kms) {
            parameters.put("KMSKeyId", kms.kmsKeyId());
            if (kms.challenge() != null) {
                parameters.put("Challenge", kms.challenge());
            }
            return parameters;
        }
        return ((UnknownAction) action).parameters();
    }

    private <T extends RequestedClientAction> Optional<T> last(Class<T> type) {
        T found = null;
        for (RequestedClientAction action : requestedClientActions) {
            if (type.isInstance(action)) {
                found = type.cast(action);
            }
        }
        return Optional.ofNullable(found);
    }
}
