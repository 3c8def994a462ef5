package dev.warden.protocol.version;

/**
 * Behaviour that depends on the peer's version string, with the thresholds and comparison rules of the
 * official peers. Each side decides from the other side's version independently, so a Warden client or
 * emulated agent must apply exactly these rules to pick the mode its official peer expects
 * (client-protocol.md §6.2, §6.6, §11; agent-side.md §4.2, §4.4, §2.5).
 *
 * <p>Client view of the agent's {@code AgentVersion} (HandshakeRequest): {@link PluginVersionComparison},
 * strictly greater, same number of parts. Agent view of the client's {@code ClientVersion}
 * (HandshakeResponse): {@link AgentVersionComparison}.
 */
public final class VersionGates {

    /** Agents newer than this understand the TerminateSession flag in basic port forwarding. */
    public static final String TERMINATE_SESSION_FLAG_AFTER_AGENT = "2.3.722.0";
    /** Agents newer than this multiplex LocalPortForwarding sessions with smux. */
    public static final String MUX_AFTER_AGENT = "3.0.196.0";
    /** Agents newer than this switch smux keepalive off (so the client must too). */
    public static final String SMUX_KEEPALIVE_OFF_AFTER_AGENT = "3.1.1511.0";

    /** Clients at or above this version get smux from the agent. */
    public static final String MUX_FROM_CLIENT = "1.1.70";
    /** Clients newer than this get smux without keepalive from the agent. */
    public static final String SMUX_KEEPALIVE_OFF_AFTER_CLIENT = "1.2.331.0";
    /** Clients at or below this version are warned that separate stdout/stderr output is not fully supported. */
    public static final String SEPARATE_OUTPUT_WARNING_UP_TO_CLIENT = "1.2.295";

    private VersionGates() {
    }

    /** Client side: may a basic port session end with the TerminateSession flag instead of the API call? */
    public static boolean agentSupportsTerminateSessionFlag(String agentVersion) {
        return PluginVersionComparison.isGreaterThan(agentVersion, TERMINATE_SESSION_FLAG_AFTER_AGENT);
    }

    /** Client side: does a LocalPortForwarding session use smux? */
    public static boolean agentSupportsMux(String agentVersion) {
        return PluginVersionComparison.isGreaterThan(agentVersion, MUX_AFTER_AGENT);
    }

    /** Client side: must the client's smux session run without keepalive? */
    public static boolean agentDisablesSmuxKeepAlive(String agentVersion) {
        return PluginVersionComparison.isGreaterThan(agentVersion, SMUX_KEEPALIVE_OFF_AFTER_AGENT);
    }

    /** Agent side: does a LocalPortForwarding session with this client use smux? */
    public static boolean clientSupportsMux(String clientVersion) {
        return AgentVersionComparison.compare(clientVersion, MUX_FROM_CLIENT) >= 0;
    }

    /** Agent side: does the agent's smux server run without keepalive for this client? */
    public static boolean clientDisablesSmuxKeepAlive(String clientVersion) {
        return AgentVersionComparison.compare(clientVersion, SMUX_KEEPALIVE_OFF_AFTER_CLIENT) > 0;
    }

    /**
     * Agent side: does a NonInteractiveCommands session with separate output streams warn this client in the
     * HandshakeComplete CustomerMessage?
     */
    public static boolean clientNeedsSeparateOutputWarning(String clientVersion) {
        return AgentVersionComparison.compare(clientVersion, SEPARATE_OUTPUT_WARNING_UP_TO_CLIENT) <= 0;
    }
}
