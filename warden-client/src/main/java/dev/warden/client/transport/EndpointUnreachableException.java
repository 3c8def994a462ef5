package dev.warden.client.transport;

/** No TCP connection could be made: the name did not resolve, the connection was refused, or it timed out. */
public final class EndpointUnreachableException extends DataChannelConnectException {

    private static final long serialVersionUID = 1L;

    public EndpointUnreachableException(String endpoint, String detail, Throwable cause) {
        super(endpoint, "Cannot reach the data channel endpoint " + endpoint + ": " + detail, cause);
    }
}
