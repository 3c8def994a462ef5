package dev.warden.sandbox.agent.port;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The port plugin's parameters from the session document's properties (the agent's {@code PortParameters},
 * agent-side.md §4.1): {@code portNumber}, {@code host} (AWS-StartPortForwardingSessionToRemoteHost) and
 * {@code type}. {@code localPortNumber} is the client's business and ignored here.
 *
 * @param portNumber the destination port as written, possibly empty
 * @param host       the remote host, when the document names one
 * @param type       {@code LocalPortForwarding}, or empty (AWS-StartSSHSession: client stdin/stdout mode)
 */
public record PortParameters(String portNumber, Optional<String> host, Optional<String> type) {

    /** The only {@code type} the agent knows. */
    public static final String LOCAL_PORT_FORWARDING = "LocalPortForwarding";

    public static PortParameters of(JsonNode properties) {
        return new PortParameters(text(properties, "portNumber").orElse(""), text(properties, "host"),
                text(properties, "type"));
    }

    /** Whether the document asks for local port forwarding (the only case in which the agent may multiplex). */
    public boolean isLocalPortForwarding() {
        return type.filter(LOCAL_PORT_FORWARDING::equals).isPresent();
    }

    private static Optional<String> text(JsonNode properties, String name) {
        JsonNode value = properties == null ? null : properties.get(name);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return Optional.empty();
        }
        String text = value.asText().trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
