package dev.warden.client.transport;

import java.util.Optional;

/**
 * The endpoint answered the websocket upgrade with an HTTP status other than 101, for example 403 when the
 * signature or the credentials are not accepted. Carries the AWS error code and message when the response had
 * them (in the {@code x-amzn-ErrorType} header or a JSON/XML body).
 */
public final class UpgradeRejectedException extends DataChannelConnectException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;
    private final String errorMessage;

    public UpgradeRejectedException(String endpoint, int status, String errorCode, String errorMessage) {
        super(endpoint, "Websocket upgrade to " + endpoint + " was refused with HTTP " + status
                + (errorCode == null ? "" : " (" + errorCode + ")")
                + (errorMessage == null ? "" : ": " + errorMessage), null);
        this.status = status;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The AWS error code, such as {@code ExpiredTokenException}, when the response named one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** The error message of the response, when it had one. */
    public Optional<String> errorMessage() {
        return Optional.ofNullable(errorMessage);
    }
}
