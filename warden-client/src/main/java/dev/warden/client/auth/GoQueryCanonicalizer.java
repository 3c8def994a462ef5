package dev.warden.client.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical query string exactly as the aws-sdk-go v1 signer in the official plugin produces it
 * (client-protocol.md §2.3): the raw query is parsed with Go's {@code url.ParseQuery} form semantics ({@code +}
 * is a space, {@code %XX} is decoded, pairs with a bad escape or a semicolon are dropped), keys are sorted
 * bytewise, values keep their order, everything is re-encoded with {@code url.QueryEscape}, and every {@code +}
 * becomes {@code %20}.
 *
 * <p>The difference from a "raw" canonicalisation matters: a {@code cell-number} such as {@code AAEAAb+c/d==}
 * canonicalises to {@code AAEAAb%20c%2Fd%3D%3D} here, not {@code AAEAAb%2Bc...}. Strings are handled as ISO-8859-1
 * byte containers so that sorting and escaping work on bytes, as Go does.
 */
final class GoQueryCanonicalizer {

    private GoQueryCanonicalizer() {
    }

    /** The canonical query of {@code rawQuery} (may be null or empty, giving ""). */
    static String canonicalize(String rawQuery) {
        Map<String, List<String>> values = parse(rawQuery);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            String key = queryEscape(entry.getKey());
            for (String value : entry.getValue()) {
                if (out.length() > 0) {
                    out.append('&');
                }
                out.append(key).append('=').append(queryEscape(value));
            }
        }
        return out.toString().replace("+", "%20");
    }

    /** Whether the raw query carries a parameter named {@code name} (after form decoding of the key). */
    static boolean hasParameter(String rawQuery, String name) {
        return parse(rawQuery).containsKey(new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    /** Go's {@code url.ParseQuery}, keeping only the pairs it accepts; keys sorted bytewise. */
    private static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> values = new TreeMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty() || pair.indexOf(';') >= 0) {
                continue; // Go 1.17+ rejects semicolons as separators and drops the pair
            }
            int eq = pair.indexOf('=');
            String rawKey = eq < 0 ? pair : pair.substring(0, eq);
            String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
            String key = queryUnescape(rawKey);
            String value = queryUnescape(rawValue);
            if (key == null || value == null) {
                continue; // a bad %-escape drops the pair, as in Go
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return values;
    }

    /** Go's {@code url.QueryUnescape} over the UTF-8 bytes of {@code s}; null for a malformed escape. */
    private static String queryUnescape(String s) {
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '%') {
                if (i + 2 >= in.length) {
                    return null;
                }
                int hi = Character.digit(in[i + 1], 16);
                int lo = Character.digit(in[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (b == '+') {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    /** Go's {@code url.QueryEscape} of a byte string held as ISO-8859-1: space is {@code +}, unreserved kept. */
    private static String queryEscape(String bytes) {
        StringBuilder out = new StringBuilder(bytes.length() * 3);
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
            if (isUnreserved(c)) {
                out.append(c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
