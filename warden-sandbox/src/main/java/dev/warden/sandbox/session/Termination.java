package dev.warden.sandbox.session;

import java.util.Objects;

/** How a session ended: the cause and the message for the {@code channel_closed} Output. */
public record Termination(TerminationCause cause, String message) {

    public Termination {
        Objects.requireNonNull(cause, "cause");
        message = message == null ? cause.channelClosedOutput() : message;
    }

    public static Termination of(TerminationCause cause) {
        return new Termination(cause, cause.channelClosedOutput());
    }
}
