package dev.warden.sandbox.session;

/**
 * Callbacks for the data plane (and for tests). They run on the thread that caused the change, after the
 * registry has released its locks, so a listener may call back into the registry. They must be quick and
 * must not throw; an exception is logged and does not stop other listeners.
 */
public interface SessionListener {

    /** Any status change, including the final one. */
    default void onStatusChanged(SessionSnapshot before, SessionSnapshot after) {
    }

    /**
     * The session has ended (exactly once per session): close its data channel and send the client
     * {@code channel_closed} with {@code termination.message()} as Output.
     */
    default void onTerminated(SessionSnapshot session, Termination termination) {
    }
}
