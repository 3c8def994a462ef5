package dev.warden.sandbox.agent.port;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.PortFlag;
import dev.warden.protocol.version.VersionGates;
import dev.warden.sandbox.agent.AgentTexts;
import dev.warden.sandbox.agent.PluginContext;
import dev.warden.sandbox.agent.SessionPlugin;

/**
 * The agent's Port plugin (agent-side.md §4): AWS-StartPortForwardingSession, …ToRemoteHost and
 * AWS-StartSSHSession. It validates the parameters, picks basic or multiplexed forwarding with the agent's rule
 * (LocalPortForwarding and a client at or above 1.1.70 → smux,
 * provided the emulated agent's version already has smux), and routes the client's payloads: Output to the
 * mode's byte stream, Flags to {@link #onFlag}, everything else acknowledged and ignored.
 */
public final class PortPlugin implements SessionPlugin {

    /** One way of carrying the client's byte stream to destinations. */
    interface Mode {
        void start();

        Delivery onOutput(byte[] payload);

        /** DisconnectToPort: only basic mode acts on it. */
        default void onDisconnectToPort() {
        }

        default void onChannelWritable() {
        }

        void stop();
    }

    private final PluginContext context;
    private Mode mode;

    public PortPlugin(PluginContext context) {
        this.context = context;
    }

    @Override
    public void start() {
        PortParameters parameters = PortParameters.of(context.spec().document().properties());
        if (parameters.portNumber().isEmpty()) {
            context.sessionFailed("Port number is empty in session properties. "
                    + context.spec().document().properties());
            return;
        }
        // The agent's own rule looks at the client only; an emulated agent older than smux (3.0.196.0 and before,
        // the client's gate) has no mux code at all, so it stays basic whatever the client.
        boolean mux = parameters.isLocalPortForwarding() && context.clientVersion() != null
                && VersionGates.clientSupportsMux(context.clientVersion())
                && VersionGates.agentSupportsMux(context.spec().agentVersion());
        mode = mux ? new MuxPortForwarding(context, parameters) : new BasicPortForwarding(context, parameters);
        mode.start();
    }

    @Override
    public Delivery onInput(PayloadType type, byte[] payload) {
        if (mode == null) {
            return Delivery.NOT_READY;
        }
        if (type == PayloadType.OUTPUT) {
            return mode.onOutput(payload);
        }
        if (type == PayloadType.FLAG) {
            Decoding<PortFlag> flag = PortFlag.decode(payload);
            if (flag.isOk()) {
                onFlag(flag.value());
            }
        }
        return Delivery.ACCEPTED;
    }

    private void onFlag(PortFlag flag) {
        switch (flag) {
            case TERMINATE_SESSION -> context.sessionEnded();
            case DISCONNECT_TO_PORT -> mode.onDisconnectToPort();
            default -> {
                // ConnectToPortError travels agent to client only
            }
        }
    }

    @Override
    public void onChannelWritable() {
        if (mode != null) {
            mode.onChannelWritable();
        }
    }

    @Override
    public void stop() {
        if (mode != null) {
            mode.stop();
        }
    }

    /** The client-visible text of a destination that cannot be reached (the agent's SetOutput, no header). */
    static String unreachableOutput(String problem) {
        return problem.startsWith("Forwarding to IP address") ? problem : AgentTexts.UNABLE_TO_CONNECT + problem;
    }
}
