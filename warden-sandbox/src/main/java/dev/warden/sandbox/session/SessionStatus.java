package dev.warden.sandbox.session;

/** A session's status, with the names DescribeSessions uses. */
public enum SessionStatus {
    /** Started; the client has not opened the data channel yet. */
    Connecting,
    /** The client's data channel is open. */
    Connected,
    /** The data channel dropped; the client may ResumeSession. Still an Active session. */
    Disconnected,
    /** Ending: the data plane is closing the channel. Still an Active session. */
    Terminating,
    /** Ended; listed under State History. */
    Terminated,
    /** Could not start; listed under State History. */
    Failed;

    /** True for the statuses DescribeSessions lists under State Active. */
    public boolean isActive() {
        return this != Terminated && this != Failed;
    }
}
