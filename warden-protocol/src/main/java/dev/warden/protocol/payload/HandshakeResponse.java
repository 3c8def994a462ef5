package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.PayloadType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HandshakeResponse payload (PayloadType 6, client to agent, never encrypted):
 * {@code {"ClientVersion":"…","ProcessedClientActions":[…],"Errors":null|["…"]}} (client-protocol.md §5.2).
 * {@code Errors} is written as JSON null when empty, as the official client does; {@code ClientVersion} is
 * what the agent's version gates test, so it must match what the client implements.
 *
 * @param clientVersion          the client's version string
 * @param processedClientActions one entry per requested action, in request order
 * @param errors                 the failure details; empty for none
 */
public record HandshakeResponse(String clientVersion, List<ProcessedClientAction> processedClientActions,
                                List<String> errors) implements StreamPayload {

    public HandshakeResponse {
        Objects.requireNonNull(clientVersion, "clientVersion");
        processedClientActions = List.copyOf(processedClientActions);
        errors = List.copyOf(errors);
    }

    @Override
    public PayloadType payloadType() {
        return PayloadType.HANDSHAKE_RESPONSE;
    }

    @Override
    public byte[] encode() {
        ObjectNode json = PayloadJson.mapper().createObjectNode();
        json.put("ClientVersion", clientVersion);
        ArrayNode actions = json.putArray("ProcessedClientActions");
        for (ProcessedClientAction action : processedClientActions) {
            ObjectNode entry = actions.addObject();
            entry.put("ActionType", action.actionType());
            entry.put("ActionStatus", action.actionStatus());
            entry.set("ActionResult", resultJson(action.actionResult()));
            entry.put("Error", action.error());
        }
        if (errors.isEmpty()) {
            json.putNull("Errors");
        } else {
            ArrayNode errorList = json.putArray("Errors");
            errors.forEach(errorList::add);
        }
        return PayloadJson.write(json);
    }

    public static Decoding<HandshakeResponse> decode(byte[] payload) {
        try {
            JsonMembers members = JsonMembers.parse(payload, "HandshakeResponse payload");
            String clientVersion = members.requiredString("ClientVersion");
            List<ProcessedClientAction> actions = new ArrayList<>();
            for (JsonNode entry : members.arrayOrEmpty("ProcessedClientActions")) {
                actions.add(actionFrom(JsonMembers.of(entry, "HandshakeResponse action")));
            }
            return Decoding.ok(new HandshakeResponse(clientVersion, actions, members.stringsOrEmpty("Errors")));
        } catch (MalformedPayload e) {
            return e.toDecoding();
        }
    }

    private static ProcessedClientAction actionFrom(JsonMembers action) throws MalformedPayload {
        String actionType = action.requiredString("ActionType");
        int status = action.requiredInt("ActionStatus");
        JsonNode result = action.optional("ActionResult");
        ActionResult actionResult;
        if (result == null) {
            actionResult = ActionResult.NONE;
        } else if (ActionTypes.KMS_ENCRYPTION.equals(actionType) && result.isObject()) {
            actionResult = KmsEncryptionResult.fromJson(result);
        } else {
            actionResult = new ActionResult.Opaque(result);
        }
        return new ProcessedClientAction(actionType, status, actionResult, action.requiredString("Error"));
    }

    private static JsonNode resultJson(ActionResult result) {
        if (result instanceof KmsEncryptionResult kms) {
            return kms.toJson();
        }
        if (result instanceof ActionResult.Opaque opaque) {
            return opaque.json();
        }
        return PayloadJson.mapper().nullNode();
    }
}
