package dev.warden.sandbox.protocol;

import java.util.Objects;

/**
 * An error answered the way AWS answers it: a code (the JSON {@code __type} or the query {@code <Code>}),
 * an HTTP status and a message. Services throw it; the protocol layer renders it.
 */
public class AwsServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;
    private final String messageKey;

    /**
     * @param code       the error code, e.g. {@code InvalidDocument}
     * @param status     the HTTP status (400 for client errors, 500 for faults)
     * @param message    the message shown to the client (never secrets); may be null for errors AWS sends
     *                   without one
     * @param messageKey the JSON member carrying the message: {@code Message} for SSM's modelled errors,
     *                   {@code message} for framework errors
     */
    public AwsServiceException(String code, int status, String message, String messageKey) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.status = status;
        this.messageKey = Objects.requireNonNull(messageKey, "messageKey");
    }

    /** A client error (status 400) with the message under {@code message}. */
    public static AwsServiceException clientError(String code, String message) {
        return new AwsServiceException(code, 400, message, "message");
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String messageKey() {
        return messageKey;
    }

    /** Sender for 4xx, Receiver for 5xx, as the query protocol's {@code <Type>} says. */
    public boolean isSenderFault() {
        return status < 500;
    }
}
