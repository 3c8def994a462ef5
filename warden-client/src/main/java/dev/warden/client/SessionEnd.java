package dev.warden.client;

import java.util.Objects;
import java.util.Optional;

/**
 * Why and how a session ended.
 *
 * @param reason  the kind of end, for code that reacts to it (a CLI maps it to an exit status)
 * @param message the text for the user, such as the service's {@code Exiting session with sessionId: <id>.}
 * @param cause   the underlying error, when there is one
 */
public record SessionEnd(Reason reason, String message, Throwable cause) {

    /** The kinds of session end. */
    public enum Reason {
        /** The service closed the session ({@code channel_closed}): the remote side ended normally. */
        CLOSED_BY_SERVICE(true),
        /** This client closed the session locally (the local stream ended, or {@code close()}). */
        CLOSED_BY_CLIENT(true),
        /** This client terminated the session ({@code terminate()}: TerminateSession). */
        TERMINATED_BY_CLIENT(true),
        /** StartSession failed. */
        START_FAILED(false),
        /** The first data-channel connection could not be opened. */
        CONNECT_FAILED(false),
        /** The handshake with the agent failed (unknown session type, KMS or encryption challenge failure). */
        HANDSHAKE_FAILED(false),
        /** ResumeSession returned no token: the service timed the session out. */
        SESSION_TIMED_OUT(false),
        /** ResumeSession said the session does not exist (any more): it was terminated. */
        SESSION_NOT_FOUND(false),
        /**
         * The credentials were rejected as expired and cannot be refreshed in this process (they have no expiry
         * time: static keys from the environment, system properties or a profile).
         */
        CREDENTIALS_EXPIRED(false),
        /** Refreshable credentials kept being rejected. */
        CREDENTIALS_REJECTED(false),
        /** No credentials could be resolved from the provider. */
        CREDENTIALS_UNAVAILABLE(false),
        /** The caller lacks permission (AccessDenied) for ResumeSession. */
        ACCESS_DENIED(false),
        /** The connection was lost and could not be resumed before the resume deadline. */
        RESUME_FAILED(false),
        /** A message stayed unacknowledged longer than the delivery timeout. */
        DELIVERY_TIMED_OUT(false),
        /** The peer broke the protocol (for example a fatal smux error). */
        PROTOCOL_ERROR(false),
        /** The client was closed while the session ran. */
        CLIENT_SHUT_DOWN(false);

        private final boolean normal;

        Reason(boolean normal) {
            this.normal = normal;
        }

        /** Whether this is an ordinary end rather than a failure. */
        public boolean isNormal() {
            return normal;
        }
    }

    public SessionEnd {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    public static SessionEnd of(Reason reason, String message) {
        return new SessionEnd(reason, message, null);
    }

    public static SessionEnd of(Reason reason, String message, Throwable cause) {
        return new SessionEnd(reason, message, cause);
    }

    public Optional<Throwable> error() {
        return Optional.ofNullable(cause);
    }

    public boolean isNormal() {
        return reason.isNormal();
    }

    @Override
    public String toString() {
        return "SessionEnd[" + reason + ": " + message + (cause == null ? "" : " (" + cause + ")") + "]";
    }
}
