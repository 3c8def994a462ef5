package dev.warden.client.shell;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.client.session.SessionChannel;
import dev.warden.client.session.SessionHandler;
import dev.warden.client.session.SessionHandlerFactory;
import dev.warden.protocol.payload.SessionTypes;
import dev.warden.protocol.payload.TerminalSize;

import java.util.concurrent.CompletableFuture;

/**
 * Sets up the shell side of a session (Standard_Stream, InteractiveCommands, NonInteractiveCommands) once its
 * type is known, and completes {@link #ready()} with the {@link ShellSession}. One instance per session.
 */
public final class ShellSessions implements SessionHandlerFactory {

    private final ShellListener listener;
    private final TerminalSize initialSize;
    private final CompletableFuture<ShellSession> ready = new CompletableFuture<>();

    /**
     * @param listener    receives the output from the start, so none waits for it
     * @param initialSize sent right away (as the plugin does at start), or null to wait for {@code resize}
     */
    public ShellSessions(ShellListener listener, TerminalSize initialSize) {
        this.listener = listener;
        this.initialSize = initialSize;
    }

    public CompletableFuture<ShellSession> ready() {
        return ready;
    }

    @Override
    public SessionHandler create(String handlerType, JsonNode properties, SessionChannel channel) {
        if (!SessionTypes.STANDARD_STREAM.equals(handlerType)) {
            throw new IllegalStateException("a shell session was expected, but the agent started a " + handlerType
                    + " session");
        }
        ShellHandler handler = new ShellHandler(channel, listener, initialSize, true);
        ready.complete(new ShellSession(channel, handler));
        return handler;
    }
}
