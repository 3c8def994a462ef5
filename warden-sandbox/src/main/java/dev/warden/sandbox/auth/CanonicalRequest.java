package dev.warden.sandbox.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the SigV4 canonical request of a {@link SignedHttpRequest}, the way both official signers that
 * talk to Session Manager build it: the AWS SDK for Java v2 ({@code AwsV4HttpSigner}) and the Go SDK
 * vendored in {@code session-manager-plugin}.
 *
 * <h2>Query canonicalisation</h2>
 * The raw query is parsed with <em>form</em> semantics ({@code +} is a space, {@code %XX} is a byte),
 * then every key and value is re-encoded with RFC 3986 (only {@code A-Z a-z 0-9 - _ . ~} stay literal,
 * a space becomes {@code %20}) and the pairs are sorted. This is byte-for-byte what the Go signer does
 * ("parse, sort, form-encode, replace + by %20"), so a StreamUrl whose base64 {@code cell-number} holds a
 * raw {@code +} canonicalises to {@code %20} and the plugin's signature verifies. The Java SDK signer
 * encodes its (already decoded) query parameters the same way; note though that
 * {@code SdkHttpRequest.Builder.uri(URI)} truncates a query value at a second {@code =} (base64 padding
 * is lost), so a Java client must put the decoded parameters on the request itself rather than pass the
 * StreamUrl through {@code uri()}. A pair whose percent-escapes are invalid is dropped, as Go's query
 * parser drops it.
 *
 * <h2>Path</h2>
 * Dot segments are removed and the (already percent-encoded) path is encoded once more, keeping
 * {@code /}: the "double encoding" both SDKs apply to every service except S3.
 *
 * <h2>Why not re-sign with {@code AwsV4HttpSigner}</h2>
 * The SDK signer (2.57) always adds and signs {@code x-amz-content-sha256}. The AWS CLI (botocore) and the
 * Go plugin never send that header, so a re-signed request can never reproduce their signatures. The
 * verifier therefore computes the signature itself from this canonical request; the SDK signer is the
 * oracle in the tests (every SDK-signed request must verify, and so must every vector the Go signer made).
 */
public final class CanonicalRequest {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CanonicalRequest() {
    }

    /**
     * The canonical request string.
     *
     * @param request       the request as received
     * @param signedHeaders the SignedHeaders value from the Authorization header
     * @param payloadHash   lower-case hex SHA-256 of the body
     */
    public static String of(SignedHttpRequest request, String signedHeaders, String payloadHash) {
        return request.method() + '\n'
                + canonicalUri(request.rawPath()) + '\n'
                + canonicalQuery(request.rawQuery()) + '\n'
                + canonicalHeaders(request, signedHeaders) + '\n'
                + signedHeaders + '\n'
                + payloadHash;
    }

    /** The canonical query string of a raw query, with form-decoding semantics (see the class comment). */
    public static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            try {
                pairs.add(Map.entry(encode(formDecode(key)), encode(formDecode(value))));
            } catch (IllegalArgumentException malformedEscape) {
                // Go's url.ParseQuery skips a pair it cannot decode; the signer then never sees it.
            }
        }
        return pairs.stream()
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    /** The canonical URI: dot segments removed, then percent-encoded once more except for {@code /}. */
    public static String canonicalUri(String rawPath) {
        String path = removeDotSegments(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            if (b == '/' || isUnreserved(b)) {
                out.append((char) b);
            } else {
                appendEscaped(out, b);
            }
        }
        return out.toString();
    }

    /** RFC 3986 encoding: every byte outside {@code A-Z a-z 0-9 - _ . ~} becomes {@code %XX}. */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            if (isUnreserved(b)) {
                out.append((char) b);
            } else {
                appendEscaped(out, b);
            }
        }
        return out.toString();
    }

    private static String canonicalHeaders(SignedHttpRequest request, String signedHeaders) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            String joined = request.headerValues(name).stream()
                    .map(CanonicalRequest::trimAll)
                    .collect(Collectors.joining(","));
            out.append(name).append(':').append(joined).append('\n');
        }
        return out.toString();
    }

    /** Trims and collapses runs of spaces, as SigV4 requires for header values. */
    private static String trimAll(String value) {
        return value.trim().replaceAll(" +", " ");
    }

    private static String formDecode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String removeDotSegments(String path) {
        if (!path.contains(".")) {
            return path;
        }
        Deque<String> kept = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                kept.pollLast();
                continue;
            }
            kept.addLast(segment);
        }
        String normalised = "/" + String.join("/", kept);
        boolean endsInDot = path.endsWith("/.") || path.endsWith("/..");
        return endsInDot && !normalised.endsWith("/") ? normalised + "/" : normalised;
    }

    private static boolean isUnreserved(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                || b == '-' || b == '_' || b == '.' || b == '~';
    }

    private static void appendEscaped(StringBuilder out, byte b) {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }
}
