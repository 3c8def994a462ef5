package dev.warden.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The coordinates in a StartSession response as the AWS CLI hands it to its plugin (client-protocol.md §1.2):
     * a JSON object with {@code SessionId}, {@code TokenValue} and {@code StreamUrl}, field names matched without
     * regard to case, other fields ignored.
     *
     * @throws IllegalArgumentException if the text is not such an object; the message never quotes the input
     */
    public static SessionCoordinates fromStartSessionJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(Objects.requireNonNull(json, "json"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the StartSession response is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the StartSession response is not a JSON object");
        }
        return new SessionCoordinates(field(root, "SessionId"), field(root, "TokenValue"), field(root, "StreamUrl"));
    }

    private static String field(JsonNode root, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))
                    && entry.getValue().isTextual()) {
                return entry.getValue().textValue();
            }
        }
        throw new IllegalArgumentException("the StartSession response has no " + name);
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
