package dev.warden.sandbox.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SigV4 arithmetic: string to sign, signing-key derivation and the HMAC. Pure functions over the
 * published algorithm; the inputs come from {@link CanonicalRequest}.
 */
public final class SigV4Signature {

    private static final HexFormat HEX = HexFormat.of();

    private SigV4Signature() {
    }

    /** {@code AWS4-HMAC-SHA256 \n <amzDate> \n <scope> \n hex(sha256(canonicalRequest))}. */
    public static String stringToSign(String amzDate, String credentialScope, String canonicalRequest) {
        return AuthorizationHeader.ALGORITHM + '\n' + amzDate + '\n' + credentialScope + '\n'
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The lower-case hex signature of {@code stringToSign} under the key derived from the secret. */
    public static String signature(String secretAccessKey, String scopeDate, String region, String service,
                                   String stringToSign) {
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), scopeDate);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HEX.formatHex(hmac(key, stringToSign));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
