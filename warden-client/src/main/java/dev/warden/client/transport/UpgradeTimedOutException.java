package dev.warden.client.transport;

import java.time.Duration;

/** The endpoint accepted the connection but did not answer the websocket upgrade in time. */
public final class UpgradeTimedOutException extends DataChannelConnectException {

    private static final long serialVersionUID = 1L;

    public UpgradeTimedOutException(String endpoint, Duration timeout) {
        super(endpoint, "No websocket upgrade response from " + endpoint + " within " + timeout.toMillis() + " ms",
                null);
    }
}
