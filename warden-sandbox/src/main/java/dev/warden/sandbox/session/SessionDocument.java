package dev.warden.sandbox.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The session document a session was started with, resolved: parameters filled in (given or default)
 * and substituted into its {@code properties} (Port, InteractiveCommands, NonInteractiveCommands) or
 * {@code inputs} (Standard_Stream). The data plane reads the session type and properties from here, e.g.
 * {@code portNumber}, {@code host} and {@code type: LocalPortForwarding}.
 *
 * @param name        document name, e.g. {@code AWS-StartPortForwardingSession}
 * @param version     the document version used
 * @param sessionType {@code Standard_Stream}, {@code Port}, {@code InteractiveCommands} or
 *                    {@code NonInteractiveCommands}
 * @param parameters  every declared parameter with its effective values
 * @param properties  the substituted {@code properties} object (empty object for Standard_Stream)
 * @param inputs      the substituted {@code inputs} object (empty object unless Standard_Stream)
 */
public record SessionDocument(String name, String version, String sessionType, Map<String, List<String>> parameters,
                              JsonNode properties, JsonNode inputs) {

    public SessionDocument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sessionType, "sessionType");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        properties = properties == null ? JsonNodeFactory.instance.objectNode() : properties.deepCopy();
        inputs = inputs == null ? JsonNodeFactory.instance.objectNode() : inputs.deepCopy();
    }

    /** The first value of a parameter, or null. */
    public String parameter(String parameterName) {
        List<String> values = parameters.get(parameterName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A copy of the properties (JsonNode is mutable; callers get their own). */
    @Override
    public JsonNode properties() {
        return properties.deepCopy();
    }

    @Override
    public JsonNode inputs() {
        return inputs.deepCopy();
    }
}
