package dev.warden.sandbox.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An HTTP request exactly as it arrived, as far as SigV4 needs it: the raw (still percent-encoded) path
 * and query, the headers and the body. It is independent of the HTTP server so that the control plane
 * (Javalin) and the data plane (websocket upgrades) verify signatures with the same code.
 *
 * @param method   the HTTP method, e.g. {@code POST} or {@code GET}
 * @param rawPath  the request path as sent, percent-encoding intact ({@code /} when empty)
 * @param rawQuery the query string as sent without the {@code ?}, or empty
 * @param headers  header values by lower-case name, in arrival order
 * @param body     the request body (empty for GET)
 */
public record SignedHttpRequest(String method, String rawPath, String rawQuery,
                                Map<String, List<String>> headers, byte[] body) {

    public SignedHttpRequest {
        Objects.requireNonNull(method, "method");
        rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        rawQuery = rawQuery == null ? "" : rawQuery;
        headers = lowerCaseCopy(headers);
        body = body == null ? new byte[0] : body;
    }

    /** All values of a header, matched case-insensitively. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headerValues(name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static Map<String, List<String>> lowerCaseCopy(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new TreeMap<>();
        if (headers != null) {
            headers.forEach((name, values) -> copy
                    .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(values));
        }
        copy.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(copy);
    }
}
