package dev.warden.client.resume;

/** The credentials provider failed to produce credentials. The message never contains secrets. */
public final class CredentialsUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CredentialsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
