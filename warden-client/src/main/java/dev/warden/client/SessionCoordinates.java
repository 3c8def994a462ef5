package dev.warden.client;

import java.net.URI;
import java.util.Objects;

/**
 * What identifies a running session's data channel: the {@code SessionId}, the {@code TokenValue} and the
 * {@code StreamUrl} of a StartSession (or the latest ResumeSession) response. The token is a bearer secret: it is
 * left out of {@link #toString()}.
 *
 * @param sessionId  the session id
 * @param tokenValue the data-channel token
 * @param streamUrl  the websocket URL, used verbatim
 */
public record SessionCoordinates(String sessionId, String tokenValue, String streamUrl) {

    public SessionCoordinates {
        requireText(sessionId, "sessionId");
        requireText(tokenValue, "tokenValue");
        requireText(streamUrl, "streamUrl");
        URI url = URI.create(streamUrl);
        if (url.getHost() == null) {
            throw new IllegalArgumentException("streamUrl has no host");
        }
    }

    /** The StreamUrl as a URI. */
    public URI streamUri() {
        return URI.create(streamUrl);
    }

    /**
     * The coordinates after a ResumeSession: the new token, and the new StreamUrl unless the response had none
     * (then the old one stays, as in the official client's fix).
     */
    public SessionCoordinates resumed(String newTokenValue, String newStreamUrl) {
        String url = newStreamUrl == null || newStreamUrl.isBlank() ? streamUrl : newStreamUrl;
        return new SessionCoordinates(sessionId, newTokenValue, url);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return "SessionCoordinates[sessionId=" + sessionId + ", tokenValue=<redacted>, streamUrl="
                + dev.warden.client.transport.DataChannelConnectException.describe(streamUri()) + "]";
    }
}
