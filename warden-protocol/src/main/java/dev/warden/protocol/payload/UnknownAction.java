package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * An action type this library does not know, kept verbatim so that it can be answered as unsupported and
 * re-encoded unchanged.
 *
 * @param actionType the {@code ActionType} on the wire
 * @param parameters the {@code ActionParameters} JSON value, or null when absent or JSON null; copied in
 *                   and out
 */
public record UnknownAction(String actionType, JsonNode parameters) implements RequestedClientAction {

    public UnknownAction {
        Objects.requireNonNull(actionType, "actionType");
        parameters = parameters == null || parameters.isNull() ? null : parameters.deepCopy();
    }

    @Override
    public JsonNode parameters() {
        return parameters == null ? null : parameters.deepCopy();
    }
}
