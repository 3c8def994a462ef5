package dev.warden.sandbox.s3;

import dev.warden.sandbox.auth.AuthFailure;
import dev.warden.sandbox.auth.AuthenticationException;
import dev.warden.sandbox.auth.SignedHttpRequest;
import dev.warden.sandbox.auth.SigV4Verifier;
import dev.warden.sandbox.auth.VerifiedCaller;
import dev.warden.sandbox.config.SupportingResources.Bucket;
import dev.warden.sandbox.protocol.ApiResponse;
import dev.warden.sandbox.protocol.Xml;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The part of S3 (REST, path-style addressing) that auditing session-log buckets needs: HeadBucket,
 * GetBucketEncryption, GetBucketVersioning and GetObjectLockConfiguration. Requests are SigV4-checked like every
 * other call. A bucket answers only its owner's account, and only when the request is signed for the bucket's
 * region, as S3 does.
 */
public final class S3Api {

    private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final Buckets buckets;
    private final SigV4Verifier verifier;

    public S3Api(Buckets buckets, SigV4Verifier verifier) {
        this.buckets = Objects.requireNonNull(buckets, "buckets");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** Answers {@code GET} or {@code HEAD /<bucket>?<subresource>}. */
    public ApiResponse handle(SignedHttpRequest request, String bucketName) {
        String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        boolean head = request.method().equals("HEAD");
        try {
            VerifiedCaller caller = verifier.verify(request, "s3");
            Bucket bucket = buckets.find(bucketName).orElseThrow(() -> new S3Error(404, "NoSuchBucket",
                    "The specified bucket does not exist", bucketName));
            if (!bucket.placement().accountId().equals(caller.principal().accountId())) {
                throw new S3Error(403, "AccessDenied", "Access Denied", null);
            }
            if (!bucket.placement().region().equals(caller.region())) {
                throw new S3Error(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; the"
                        + " region '" + caller.region() + "' is wrong; expecting '" + bucket.placement().region()
                        + "'", null);
            }
            Map<String, String> headers = headers(requestId);
            headers.put("x-amz-bucket-region", bucket.placement().region());
            if (head) {
                return new ApiResponse(200, "application/xml", new byte[0], headers);
            }
            String query = request.rawQuery() == null ? "" : request.rawQuery();
            String xml = switch (subresource(query)) {
                case "encryption" -> encryption(bucket);
                case "versioning" -> "<VersioningConfiguration xmlns=\"" + NAMESPACE + "\">"
                        + (bucket.versioning() == null ? "" : Xml.element("Status", bucket.versioning()))
                        + "</VersioningConfiguration>";
                case "object-lock" -> objectLock(bucket);
                default -> throw new S3Error(501, "NotImplemented", "The sandbox implements only the encryption,"
                        + " versioning and object-lock subresources of a bucket", null);
            };
            return new ApiResponse(200, "application/xml", xml.getBytes(StandardCharsets.UTF_8), headers);
        } catch (AuthenticationException e) {
            return error(authError(e.failure(), e.getMessage()), requestId, head);
        } catch (S3Error e) {
            return error(e, requestId, head);
        }
    }

    private static String subresource(String query) {
        for (String part : query.split("&")) {
            String name = part.contains("=") ? part.substring(0, part.indexOf('=')) : part;
            if (name.equals("encryption") || name.equals("versioning") || name.equals("object-lock")) {
                return name;
            }
        }
        return "";
    }

    private static String encryption(Bucket bucket) {
        if (bucket.encryption() == null) {
            throw new S3Error(404, "ServerSideEncryptionConfigurationNotFoundError",
                    "The server side encryption configuration was not found", bucket.name());
        }
        return "<ServerSideEncryptionConfiguration xmlns=\"" + NAMESPACE + "\"><Rule>"
                + "<ApplyServerSideEncryptionByDefault>" + Xml.element("SSEAlgorithm", bucket.encryption())
                + (bucket.kmsKeyId() == null ? "" : Xml.element("KMSMasterKeyID", bucket.kmsKeyId()))
                + "</ApplyServerSideEncryptionByDefault>" + Xml.element("BucketKeyEnabled", "false")
                + "</Rule></ServerSideEncryptionConfiguration>";
    }

    private static String objectLock(Bucket bucket) {
        if (!bucket.objectLock()) {
            throw new S3Error(404, "ObjectLockConfigurationNotFoundError",
                    "Object Lock configuration does not exist for this bucket", bucket.name());
        }
        return "<ObjectLockConfiguration xmlns=\"" + NAMESPACE + "\">" + Xml.element("ObjectLockEnabled", "Enabled")
                + "</ObjectLockConfiguration>";
    }

    /** S3's own codes for authentication failures. */
    private static S3Error authError(AuthFailure failure, String message) {
        return switch (failure) {
            case UNRECOGNIZED_CLIENT -> new S3Error(403, "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.", null);
            case INVALID_SIGNATURE -> new S3Error(403, "SignatureDoesNotMatch", message, null);
            case EXPIRED_TOKEN -> new S3Error(400, "ExpiredToken", "The provided token has expired.", null);
            case INCOMPLETE_SIGNATURE -> new S3Error(400, "AuthorizationHeaderMalformed", message, null);
            case MISSING_AUTHENTICATION_TOKEN -> new S3Error(403, "AccessDenied", "Access Denied", null);
        };
    }

    private static ApiResponse error(S3Error e, String requestId, boolean head) {
        String xml = "<Error>" + Xml.element("Code", e.code) + Xml.element("Message", e.getMessage())
                + (e.bucketName == null ? "" : Xml.element("BucketName", e.bucketName))
                + Xml.element("RequestId", requestId) + "</Error>";
        // HEAD responses carry no body; the SDK reads the status alone.
        byte[] body = head ? new byte[0] : xml.getBytes(StandardCharsets.UTF_8);
        return new ApiResponse(e.status, "application/xml", body, headers(requestId));
    }

    private static Map<String, String> headers(String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amz-request-id", requestId);
        return headers;
    }

    /** An S3 error response. */
    private static final class S3Error extends RuntimeException {
        private final int status;
        private final String code;
        private final String bucketName;

        S3Error(int status, String code, String message, String bucketName) {
            super(message);
            this.status = status;
            this.code = code;
            this.bucketName = bucketName;
        }
    }
}
