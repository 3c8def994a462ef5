package dev.warden.protocol.payload;

/** The {@code ActionType} values of handshake actions (client-protocol.md §5.1–5.2). */
public final class ActionTypes {

    /** Tells the client which session handler to run. */
    public static final String SESSION_TYPE = "SessionType";
    /** Asks the client to set up KMS session encryption. */
    public static final String KMS_ENCRYPTION = "KMSEncryption";

    private ActionTypes() {
    }
}
