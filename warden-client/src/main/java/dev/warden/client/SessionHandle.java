package dev.warden.client;

import java.util.concurrent.CompletableFuture;

/** What every running session offers its caller, whatever its type. Thread-safe. */
public interface SessionHandle extends AutoCloseable {

    String sessionId();

    /** The agent's version from the handshake; empty for a shell that started without one. */
    String agentVersion();

    /** Completes when the session ends, with why (a normal end or a typed failure). Never fails. */
    CompletableFuture<SessionEnd> completion();

    /** Ends the session locally once what was sent is acknowledged (bounded by the close linger). */
    @Override
    void close();

    /**
     * Ends the session for good with the TerminateSession API; completes once the service answered and fails with
     * its error.
     */
    CompletableFuture<Void> terminate();
}
