package dev.warden.client.port;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.version.VersionGates;

/**
 * How a port session carries its data, chosen exactly as the official client chooses (client-protocol.md §6.2),
 * because the agent makes the matching choice independently.
 */
public enum PortMode {
    /** One byte stream (AWS-StartSSHSession and any document without {@code type=LocalPortForwarding}). */
    BYTE_STREAM,
    /** LocalPortForwarding with an agent at or below 3.0.196.0: one connection at a time. */
    BASIC,
    /** LocalPortForwarding with an agent above 3.0.196.0: smux streams, one per connection. */
    MULTIPLEXED;

    /** The property that selects local port forwarding. */
    public static final String LOCAL_PORT_FORWARDING = "LocalPortForwarding";

    /**
     * The mode for the SessionType properties and the agent version of the handshake: {@code type} other than
     * {@code LocalPortForwarding} gives a byte stream; otherwise smux when the agent is newer than 3.0.196.0
     * (same number of version parts, strictly greater), else basic.
     */
    public static PortMode select(JsonNode properties, String agentVersion) {
        String type = properties == null ? null : properties.path("type").isTextual()
                ? properties.get("type").textValue() : null;
        if (!LOCAL_PORT_FORWARDING.equals(type)) {
            return BYTE_STREAM;
        }
        return VersionGates.agentSupportsMux(agentVersion == null ? "" : agentVersion) ? MULTIPLEXED : BASIC;
    }
}
