package dev.warden.sandbox.agent.port;

import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.mux.ByteStreamOverChannel;
import dev.warden.protocol.mux.OutputLimits;
import dev.warden.sandbox.agent.PluginContext;
import io.netty.buffer.ByteBuf;

/**
 * Basic port forwarding (agent-side.md §4.3): one destination connection, dialled right after the handshake,
 * whose bytes are the session's Output stream in both directions.
 * <ul>
 *   <li>Until the connection is up, client Output is answered NOT_READY (the agent's ErrHandlerNotReady), so the
 *       client retransmits it.</li>
 *   <li>A failed dial ends the session with {@code Unable to connect to specified port: <dial error>}.</li>
 *   <li>When the destination closes: AWS-StartSSHSession (no {@code type}) ends the session, successfully on
 *       EOF; LocalPortForwarding (clients older than 1.1.70) re-dials on the next client Output instead.</li>
 *   <li>DisconnectToPort closes the destination connection, with the same re-dial rule.</li>
 * </ul>
 */
final class BasicPortForwarding implements PortPlugin.Mode {

    private final PluginContext context;
    private final PortParameters parameters;
    private final ByteStreamOverChannel stream;
    private DestinationSocket socket;
    private boolean dialling;
    private boolean stopped;

    BasicPortForwarding(PluginContext context, PortParameters parameters) {
        this.context = context;
        this.parameters = parameters;
        this.stream = new ByteStreamOverChannel(context.channel(),
                OutputLimits.ofPayloadSize(context.output().payloadSize()), context.eventLoop(), new ClientBytes());
    }

    @Override
    public void start() {
        dial();
    }

    private void dial() {
        Destination destination = DestinationResolver.resolve(context.spec().instance(), parameters);
        if (destination.problem().isPresent()) {
            context.sessionFailed(PortPlugin.unreachableOutput(destination.problem().get()));
            return;
        }
        dialling = true;
        DestinationSocket.dial(context.eventLoop(), destination.mapped().get(), new DestinationBytes()).addListener(f -> {
            dialling = false;
            if (stopped) {
                if (f.isSuccess()) {
                    ((DestinationSocket) f.getNow()).close();
                }
                return;
            }
            if (f.isSuccess()) {
                socket = (DestinationSocket) f.getNow();
                // Output refused while dialling is retransmitted by the client; deliver what waits behind it.
                context.channel().readyToReceive();
                context.channelUsed();
            } else {
                context.sessionFailed(PortPlugin.unreachableOutput(
                        GoDialErrors.describe(f.cause(), destination.shownAddress())));
            }
        });
    }

    @Override
    public Delivery onOutput(byte[] payload) {
        if (socket == null || !socket.isOpen()) {
            if (!dialling && socket != null && parameters.isLocalPortForwarding()) {
                socket = null;
                dial(); // the agent's reconnectToPort: re-dial on the client's next bytes
            }
            return Delivery.NOT_READY;
        }
        return stream.onOutput(payload);
    }

    @Override
    public void onDisconnectToPort() {
        if (socket != null) {
            socket.close();
        }
    }

    @Override
    public void onChannelWritable() {
        stream.onChannelWritable();
    }

    @Override
    public void stop() {
        stopped = true;
        stream.close();
        if (socket != null) {
            socket.close();
        }
    }

    /** Client bytes to the destination. */
    private final class ClientBytes implements ByteStreamOverChannel.Receiver {
        @Override
        public void onBytes(ByteBuf bytes) {
            if (socket == null) {
                bytes.release();
                return;
            }
            socket.write(bytes);
            if (!socket.isWritable()) {
                stream.setInboundPaused(true); // resumed when the destination drains
            }
        }

        @Override
        public void onWritable() {
            if (socket != null) {
                socket.setReading(true);
            }
        }
    }

    /** Destination bytes to the client. */
    private final class DestinationBytes implements DestinationSocket.Events {
        @Override
        public void onBytes(ByteBuf bytes) {
            stream.write(bytes);
            stream.flush();
            if (!stream.isWritable() && socket != null) {
                socket.setReading(false); // resumed by ClientBytes.onWritable
            }
            context.channelUsed();
        }

        @Override
        public void onWritabilityChanged(boolean writable) {
            if (writable) {
                stream.setInboundPaused(false);
                context.channelUsed();
            }
        }

        @Override
        public void onClosed(Throwable error) {
            if (stopped) {
                return;
            }
            if (parameters.isLocalPortForwarding()) {
                return; // re-dialled on the client's next Output, as the agent's reconnectToPort
            }
            stream.flush();
            if (error == null) {
                context.sessionEnded();
            } else {
                context.sessionFailed(dev.warden.sandbox.agent.AgentTexts.markedFailed(
                        "read tcp " + parameters.portNumber() + ": " + error.getMessage()));
            }
        }
    }
}
