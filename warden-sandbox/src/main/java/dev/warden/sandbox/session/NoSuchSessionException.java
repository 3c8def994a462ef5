package dev.warden.sandbox.session;

/** No session has this id. */
public final class NoSuchSessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sessionId;

    public NoSuchSessionException(String sessionId) {
        super("Session " + sessionId + " does not exist", null, false, false);
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }
}
