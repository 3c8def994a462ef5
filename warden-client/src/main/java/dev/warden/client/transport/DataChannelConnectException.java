package dev.warden.client.transport;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * Opening the data-channel websocket failed. Subclasses say why, so that callers (the resume logic, a CLI) can
 * react to the kind of failure without parsing messages. Messages name the endpoint by host and path only; the
 * query and the token never appear.
 */
public abstract sealed class DataChannelConnectException extends IOException
        permits EndpointUnreachableException, UpgradeRejectedException, TlsHandshakeException,
        UpgradeTimedOutException {

    private static final long serialVersionUID = 1L;

    private final String endpoint;

    protected DataChannelConnectException(String endpoint, String message, Throwable cause) {
        super(message, cause);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** {@code scheme://host:port/path} of the endpoint, without the query. */
    public String endpoint() {
        return endpoint;
    }

    /** How a URL is named in messages and logs: without its query (which may carry opaque routing data). */
    public static String describe(URI url) {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        return url.getScheme() + "://" + url.getHost() + port + (url.getRawPath() == null ? "" : url.getRawPath());
    }
}
