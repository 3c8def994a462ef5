package dev.warden.protocol.smux;

/** Session-level events. Called on the session's thread; a callback that throws closes the session. */
public interface SmuxSessionListener {

    /**
     * The peer opened {@code stream} (SYN). Set the stream's listener here, before returning, to see its
     * first data.
     */
    void onStreamAccepted(SmuxStream stream);

    /** The session has closed; every stream was closed before this call. Called once. */
    void onSessionClosed(SmuxCloseReason reason);
}
