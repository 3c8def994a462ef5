package dev.warden.client.session;

import dev.warden.client.SessionEnd;

/** The session ended before the awaited state was reached; {@link #end()} says how. */
public final class SessionEndedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient SessionEnd end;

    public SessionEndedException(SessionEnd end) {
        super(end.reason() + ": " + end.message(), end.cause());
        this.end = end;
    }

    public SessionEnd end() {
        return end;
    }
}
