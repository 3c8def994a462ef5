package dev.warden.client.auth;

import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Signs the websocket upgrade of a data channel with SigV4 exactly as the official plugin (1.2.764.0 and later)
 * does (client-protocol.md §2.3): a body-less {@code GET} of the unchanged StreamUrl, service
 * {@value #SERVICE}, the session's region, signed headers {@code host;x-amz-date[;x-amz-security-token]}, no
 * {@code X-Amz-Content-Sha256}. The URL that is dialled stays the original StreamUrl.
 *
 * <p>This is a small SigV4 implementation of its own rather than the SDK's {@code AwsV4HttpSigner} because the
 * canonical form has to be the Go signer's, byte for byte ({@link GoQueryCanonicalizer}), and because the
 * intermediate values are checked against the shared vectors; the SDK's signer would also add and sign an
 * {@code X-Amz-Content-Sha256} header, which the plugin does not send. In the end-to-end tests the sandbox, which
 * recomputes every upgrade signature with its own SigV4 verifier, accepts these signatures.
 *
 * <p>Stateless and thread-safe. Credentials are passed per call: the caller resolves them from its provider at
 * every (re)connect, so a resumed connection is never signed with expired keys.
 */
public final class UpgradeSigner {

    /** The SigV4 service name of the data channel ({@code ServiceName} in the plugin's config). */
    public static final String SERVICE = "ssmmessages";

    /** Query parameters whose presence makes a StreamUrl count as presigned, as in the plugin. */
    static final List<String> PRESIGNED_MARKERS = List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
            "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token");

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String EMPTY_PAYLOAD_SHA256 =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SCOPE_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String region;

    /** @param region the signing region: the region of the session (the plugin's argv[2]) */
    public UpgradeSigner(String region) {
        this.region = Objects.requireNonNull(region, "region");
        if (region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
    }

    public String region() {
        return region;
    }

    /** Whether {@code streamUrl} carries its own signature in the query, so that no headers are added. */
    public static boolean isPresigned(URI streamUrl) {
        String rawQuery = streamUrl.getRawQuery();
        return PRESIGNED_MARKERS.stream().anyMatch(marker -> GoQueryCanonicalizer.hasParameter(rawQuery, marker));
    }

    /**
     * The headers to send with the upgrade request for {@code streamUrl}: unsigned for a presigned URL, otherwise
     * signed with {@code credentials} at {@code signingTime}.
     */
    public UpgradeSignature sign(URI streamUrl, AwsCredentialsIdentity credentials, Instant signingTime) {
        Objects.requireNonNull(streamUrl, "streamUrl");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(signingTime, "signingTime");
        if (isPresigned(streamUrl)) {
            return UpgradeSignature.unsigned();
        }
        String amzDate = AMZ_DATE.format(signingTime);
        String scope = SCOPE_DATE.format(signingTime) + "/" + region + "/" + SERVICE + "/aws4_request";
        String sessionToken = credentials instanceof AwsSessionCredentialsIdentity session
                ? session.sessionToken() : null;
        boolean withToken = sessionToken != null && !sessionToken.isEmpty();

        String signedHeaders = withToken ? "host;x-amz-date;x-amz-security-token" : "host;x-amz-date";
        StringBuilder canonical = new StringBuilder(256)
                .append("GET\n")
                .append(canonicalPath(streamUrl)).append('\n')
                .append(GoQueryCanonicalizer.canonicalize(streamUrl.getRawQuery())).append('\n')
                .append("host:").append(hostHeader(streamUrl)).append('\n')
                .append("x-amz-date:").append(amzDate).append('\n');
        if (withToken) {
            canonical.append("x-amz-security-token:").append(sessionToken.trim()).append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(EMPTY_PAYLOAD_SHA256);
        String canonicalRequest = canonical.toString();

        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
        byte[] key = signingKey(credentials.secretAccessKey(), SCOPE_DATE.format(signingTime));
        String signature = HexFormat.of().formatHex(hmac(key, stringToSign));

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        headers.put("X-Amz-Date", amzDate);
        if (withToken) {
            headers.put("X-Amz-Security-Token", sessionToken);
        }
        return new UpgradeSignature(headers, canonicalRequest, stringToSign, signature, credentials.accessKeyId());
    }

    /**
     * The Host header the Go signer signs: the URL's host with its port, except a default port of http/https,
     * which Go strips (a {@code wss://} URL keeps any explicit port).
     */
    static String hostHeader(URI url) {
        String host = url.getHost();
        if (host != null && host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]"; // IPv6 literal
        }
        int port = url.getPort();
        if (port < 0) {
            return host;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return defaultPort ? host : host + ":" + port;
    }

    /**
     * The canonical URI of a non-S3 service in the Go signer: the escaped path, escaped once more with every
     * byte outside the unreserved set and {@code /} percent-encoded (so an existing {@code %} becomes {@code %25}).
     */
    static String canonicalPath(URI url) {
        String rawPath = url.getRawPath();
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        byte[] bytes = rawPath.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            char c = (char) (b & 0xFF);
            if (c == '/' || GoQueryCanonicalizer.isUnreserved(c)) {
                out.append(c);
            } else {
                out.append('%').append(GoQueryCanonicalizer.HEX[(c >> 4) & 0xF])
                        .append(GoQueryCanonicalizer.HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private byte[] signingKey(String secretAccessKey, String date) {
        byte[] kDate = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] kRegion = hmac(kDate, region);
        byte[] kService = hmac(kRegion, SERVICE);
        return hmac(kService, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String sha256Hex(String data) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
