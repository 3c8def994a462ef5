package dev.warden.sandbox.auth;

/**
 * Why a request was not authenticated, with the error code each AWS protocol family uses for it. JSON
 * services (SSM, KMS) answer with the {@code …Exception} codes and status 400; query services (STS)
 * answer with the short codes and status 403 (400 for an incomplete signature), as AWS does.
 */
public enum AuthFailure {
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", "MissingAuthenticationToken", 403,
            "Missing Authentication Token"),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", "IncompleteSignature", 400,
            "The request signature does not conform to AWS standards."),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", "InvalidClientTokenId", 403,
            "The security token included in the request is invalid."),
    INVALID_SIGNATURE("InvalidSignatureException", "SignatureDoesNotMatch", 403,
            "The request signature we calculated does not match the signature you provided. Check your AWS"
                    + " Secret Access Key and signing method. Consult the service documentation for details."),
    EXPIRED_TOKEN("ExpiredTokenException", "ExpiredToken", 403,
            "The security token included in the request is expired");

    private final String jsonCode;
    private final String queryCode;
    private final int queryStatus;
    private final String defaultMessage;

    AuthFailure(String jsonCode, String queryCode, int queryStatus, String defaultMessage) {
        this.jsonCode = jsonCode;
        this.queryCode = queryCode;
        this.queryStatus = queryStatus;
        this.defaultMessage = defaultMessage;
    }

    /** The code a JSON 1.1 service (SSM, KMS, ssmmessages) puts in {@code __type}. */
    public String jsonCode() {
        return jsonCode;
    }

    /** The code a query service (STS) puts in {@code <Code>}. */
    public String queryCode() {
        return queryCode;
    }

    /** The HTTP status a query service answers with. */
    public int queryStatus() {
        return queryStatus;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
