package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SessionType action: {@code {"SessionType":"<type>","Properties":<object or null>}}. Properties are the
 * session document's properties as the agent sees them; the agent sends {@code null} for the shell types
 * (agent-side.md §2.5).
 *
 * @param sessionType one of {@link SessionTypes}, or a type this client does not know
 * @param properties  a JSON object, or null; copied in and out, since JSON nodes are mutable
 */
public record SessionTypeAction(String sessionType, JsonNode properties) implements RequestedClientAction {

    public SessionTypeAction {
        Objects.requireNonNull(sessionType, "sessionType");
        if (properties != null && properties.isNull()) {
            properties = null;
        }
        if (properties != null && !properties.isObject()) {
            throw new IllegalArgumentException("Properties must be a JSON object or null");
        }
        properties = properties == null ? null : properties.deepCopy();
    }

    /** An action without properties, as the agent sends for shell sessions. */
    public static SessionTypeAction withoutProperties(String sessionType) {
        return new SessionTypeAction(sessionType, null);
    }

    /**
     * An action whose properties are string pairs in sorted key order, as the agent writes them (it marshals
     * a Go map, whose keys come out sorted), for example {@code {"localPortNumber":"0","portNumber":"22",
     * "type":"LocalPortForwarding"}}.
     */
    public static SessionTypeAction withProperties(String sessionType, Map<String, String> properties) {
        ObjectNode json = PayloadJson.mapper().createObjectNode();
        new TreeMap<>(properties).forEach(json::put);
        return new SessionTypeAction(sessionType, json);
    }

    @Override
    public String actionType() {
        return ActionTypes.SESSION_TYPE;
    }

    /** A copy of the properties object, or null. */
    @Override
    public JsonNode properties() {
        return properties == null ? null : properties.deepCopy();
    }

    /** A string-valued property, if present. */
    public Optional<String> property(String name) {
        if (properties == null || !properties.path(name).isTextual()) {
            return Optional.empty();
        }
        return Optional.of(properties.get(name).textValue());
    }
}
