package dev.warden.client.session;

import com.fasterxml.jackson.databind.JsonNode;

/** Makes the handler of a session once its type is known (at HandshakeComplete, or the first shell output). */
@FunctionalInterface
public interface SessionHandlerFactory {

    /**
     * @param handlerType {@code Standard_Stream} (every shell type) or {@code Port}
     * @param properties  the SessionType action's properties, or null
     * @param channel     the session's data channel
     */
    SessionHandler create(String handlerType, JsonNode properties, SessionChannel channel);
}
