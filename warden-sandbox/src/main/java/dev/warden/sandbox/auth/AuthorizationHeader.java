package dev.warden.sandbox.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed SigV4 {@code Authorization} header:
 * {@code AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1/ssm/aws4_request, SignedHeaders=host;x-amz-date, Signature=…}.
 *
 * @param accessKeyId   the key id in the credential
 * @param scopeDate     {@code yyyyMMdd} of the credential scope
 * @param scopeRegion   region of the credential scope
 * @param scopeService  service of the credential scope
 * @param signedHeaders the SignedHeaders value exactly as sent (lower-case names joined by {@code ;})
 * @param signature     the hex signature as sent
 */
public record AuthorizationHeader(String accessKeyId, String scopeDate, String scopeRegion, String scopeService,
                                  String signedHeaders, String signature) {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String TERMINATOR = "aws4_request";

    /** The credential scope string {@code date/region/service/aws4_request}. */
    public String credentialScope() {
        return scopeDate + "/" + scopeRegion + "/" + scopeService + "/" + TERMINATOR;
    }

    /** The signed header names, in the order sent. */
    public List<String> signedHeaderNames() {
        return List.of(signedHeaders.split(";"));
    }

    /**
     * Parses the header value.
     *
     * @throws AuthenticationException {@link AuthFailure#INCOMPLETE_SIGNATURE} when a part is missing or
     *                                 malformed, with AWS's style of message naming what is missing
     */
    public static AuthorizationHeader parse(String value) {
        String trimmed = value.trim();
        int space = trimmed.indexOf(' ');
        String algorithm = space < 0 ? trimmed : trimmed.substring(0, space);
        if (!ALGORITHM.equals(algorithm)) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "Unsupported AWS 'algorithm': '" + algorithm + "'. Only " + ALGORITHM + " is supported.");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : trimmed.substring(space + 1).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = p.substring(0, eq);
            String val = p.substring(eq + 1);
            switch (key) {
                case "Credential" -> credential = val;
                case "SignedHeaders" -> signedHeaders = val;
                case "Signature" -> signature = val;
                default -> { /* AWS ignores unknown components */ }
            }
        }
        List<String> missing = new ArrayList<>();
        if (credential == null || credential.isEmpty()) {
            missing.add("Authorization header requires 'Credential' parameter.");
        }
        if (signature == null || signature.isEmpty()) {
            missing.add("Authorization header requires 'Signature' parameter.");
        }
        if (signedHeaders == null || signedHeaders.isEmpty()) {
            missing.add("Authorization header requires 'SignedHeaders' parameter.");
        }
        if (!missing.isEmpty()) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE, String.join(" ", missing));
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || scope[0].isEmpty()) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "Credential should have at least 5 slash-separated parts: access key id, date, region,"
                            + " service and 'aws4_request'.");
        }
        if (!TERMINATOR.equals(scope[4])) {
            throw new AuthenticationException(AuthFailure.INVALID_SIGNATURE,
                    "Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope[4] + "'.");
        }
        if (!signature.matches("[0-9a-fA-F]{64}")) {
            throw new AuthenticationException(AuthFailure.INVALID_SIGNATURE, AuthFailure.INVALID_SIGNATURE.defaultMessage());
        }
        List<String> names = List.of(signedHeaders.split(";"));
        if (!names.contains("host")) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        return new AuthorizationHeader(scope[0], scope[1], scope[2], scope[3],
                signedHeaders.toLowerCase(Locale.ROOT), signature.toLowerCase(Locale.ROOT));
    }
}
