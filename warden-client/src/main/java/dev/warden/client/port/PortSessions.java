package dev.warden.client.port;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.client.SessionEnd;
import dev.warden.client.session.SessionChannel;
import dev.warden.client.session.SessionHandler;
import dev.warden.client.session.SessionHandlerFactory;
import dev.warden.protocol.payload.SessionTypes;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Sets up the port side of a session once the handshake names its type: picks the {@link PortMode}, makes the
 * forwarder, binds the local listener if asked, and completes {@link #ready()} with the {@link PortSession}.
 * One instance per session.
 */
public final class PortSessions implements SessionHandlerFactory {

    private final LocalPort local;
    private final CompletableFuture<PortSession> ready = new CompletableFuture<>();

    public PortSessions(LocalPort local) {
        this.local = Objects.requireNonNull(local, "local");
    }

    /** Completes with the session handle once the session runs (and the listener is bound); fails otherwise. */
    public CompletableFuture<PortSession> ready() {
        return ready;
    }

    @Override
    public SessionHandler create(String handlerType, JsonNode properties, SessionChannel channel) {
        if (!SessionTypes.PORT.equals(handlerType)) {
            throw new IllegalStateException("a port session was expected, but the agent started a " + handlerType
                    + " session");
        }
        if (channel.isEncrypted()) {
            // Port data goes through the byte stream unencrypted; agents never encrypt Port sessions.
            throw new IllegalStateException("the agent asked for KMS encryption of a Port session, which Session "
                    + "Manager does not use");
        }
        PortMode mode = PortMode.select(properties, channel.agentVersion());
        PortForwarder forwarder = mode == PortMode.MULTIPLEXED ? new MuxPortHandler(channel)
                : new DirectPortHandler(mode, channel);
        if (mode == PortMode.BYTE_STREAM || !local.listens()) {
            ready.complete(new PortSession(channel, forwarder, null));
        } else {
            String documentPort = properties == null || !properties.path("localPortNumber").isTextual() ? null
                    : properties.get("localPortNumber").textValue();
            PortListener.bind(channel.eventLoop(), local.bindAddress(), local.portFor(documentPort), forwarder)
                    .whenComplete((listener, error) -> {
                        if (error != null) {
                            ready.completeExceptionally(error);
                            channel.end(SessionEnd.of(SessionEnd.Reason.HANDSHAKE_FAILED,
                                    "Cannot listen on the local port: " + error.getMessage(), error));
                        } else if (channel.isEnded()) {
                            listener.close();
                        } else {
                            ready.complete(new PortSession(channel, forwarder, listener));
                        }
                    });
        }
        return forwarder;
    }
}
