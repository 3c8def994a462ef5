package dev.warden.client;

import java.time.Duration;

/**
 * Events of a session that a caller may show or log. Called on the session's event loop: return quickly and do
 * not block. Every method does nothing by default.
 */
public interface SessionListener {

    /** Why a new data-channel connection replaced the previous one. */
    enum ResumeTrigger {
        /** The connection was lost. */
        CONNECTION_LOST,
        /** The credentials that signed the connection were about to expire (make-before-break). */
        CREDENTIALS_EXPIRING
    }

    /** The agent's HandshakeComplete carried a message for the user (for example about KMS encryption). */
    default void onCustomerMessage(String message) {
    }

    /** The session runs on a new connection (number {@code connectionNumber}) after a resume. */
    default void onResumed(ResumeTrigger trigger, int connectionNumber, Duration took) {
    }

    /** A connection was lost and resuming has started. */
    default void onConnectionLost(Throwable cause) {
    }

    /** Multiplexed port forwarding: the agent could not connect a new stream to the destination port. */
    default void onConnectToPortError() {
    }

    /** Something the user should know that does not end the session (for example credentials that cannot last). */
    default void onWarning(String message) {
    }
}
