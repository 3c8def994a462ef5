package dev.warden.protocol.crypto;

/**
 * The client could not obtain a session data key (KMS refused, was unreachable, or encryption is not
 * allowed). The message is sent to the agent verbatim, inside the HandshakeResponse {@code Error} text
 * {@code "Failed to process action KMSEncryption: <message>"}, so it must describe the failure without
 * secrets — the KMS error text is what the official client sends.
 */
public class DataKeyUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public DataKeyUnavailableException(String message) {
        super(message);
    }

    public DataKeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
