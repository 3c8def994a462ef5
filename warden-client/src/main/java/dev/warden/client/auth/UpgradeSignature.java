package dev.warden.client.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SigV4 headers for one websocket upgrade, and the intermediate values that produced them (for tests and
 * diagnostics). The headers carry the session token, so {@link #toString()} names only the access key id and
 * the signature's scope.
 *
 * @param headers          the headers to add to the upgrade request, in the order the official plugin adds them
 *                         ({@code Authorization}, {@code X-Amz-Date}, {@code X-Amz-Security-Token} when present);
 *                         empty for an unsigned (presigned) URL
 * @param canonicalRequest the SigV4 canonical request; empty when unsigned
 * @param stringToSign     the SigV4 string to sign; empty when unsigned
 * @param signature        the hex signature; empty when unsigned
 * @param accessKeyId      the access key id that signed; empty when unsigned
 */
public record UpgradeSignature(Map<String, String> headers, String canonicalRequest, String stringToSign,
                               String signature, String accessKeyId) {

    public UpgradeSignature {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        Objects.requireNonNull(canonicalRequest, "canonicalRequest");
        Objects.requireNonNull(stringToSign, "stringToSign");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
    }

    /** No headers: the URL is presigned, or signing is switched off. */
    public static UpgradeSignature unsigned() {
        return new UpgradeSignature(Map.of(), "", "", "", "");
    }

    public boolean isSigned() {
        return !headers.isEmpty();
    }

    /** The access key id, when signed. */
    public Optional<String> signedBy() {
        return isSigned() ? Optional.of(accessKeyId) : Optional.empty();
    }

    @Override
    public String toString() {
        return isSigned() ? "UpgradeSignature[signed by " + accessKeyId + "]" : "UpgradeSignature[unsigned]";
    }
}
