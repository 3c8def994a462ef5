package dev.warden.sandbox.session;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds StreamUrls as the service does, {@code <base>/v1/data-channel/<SessionId>?role=publish_subscribe&cell-number=<base64>},
 * and reads the session id back out of an upgrade request's path (for the data plane).
 *
 * <p>The cell-number is written raw: standard base64 with {@code +}, {@code /} and {@code =} unescaped,
 * as AWS writes it, so that clients exercise the query canonicalisation the official plugin uses.
 */
public final class StreamUrls {

    public static final String DATA_CHANNEL_PATH = "/v1/data-channel/";
    private static final Pattern DATA_CHANNEL = Pattern.compile("^/v1/data-channel/([^/?]+)$");

    private final Supplier<URI> base;

    /** @param base supplies the base, e.g. {@code ws://127.0.0.1:8444}; asked on every StartSession */
    public StreamUrls(Supplier<URI> base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    public String streamUrl(String sessionId, String cellNumber) {
        String root = base.get().toString();
        if (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root + DATA_CHANNEL_PATH + sessionId + "?role=publish_subscribe&cell-number=" + cellNumber;
    }

    /** The session id of a data-channel path such as {@code /v1/data-channel/alice-0123…}, if it is one. */
    public static Optional<String> sessionIdOf(String rawPath) {
        Matcher m = rawPath == null ? null : DATA_CHANNEL.matcher(rawPath);
        return m != null && m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
