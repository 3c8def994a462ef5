package dev.warden.sandbox.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies header-signed SigV4 requests: API calls ({@code POST /} to SSM, KMS, STS) and websocket
 * upgrade GETs to {@code ssmmessages}.
 *
 * <p>Checks, in order, each failing with the code AWS uses ({@link AuthFailure}):
 * <ol>
 *   <li>an {@code Authorization} header is present and well-formed;</li>
 *   <li>the access key is known; a session token is present exactly when the key is temporary and
 *       matches it;</li>
 *   <li>temporary credentials have not expired;</li>
 *   <li>{@code X-Amz-Date} is within the allowed skew of the server clock (AWS: ±5 min), worded as AWS
 *       words it ("Signature expired: … is now earlier than …");</li>
 *   <li>the credential scope's date, region and service match the request date and this endpoint;</li>
 *   <li>the signature, recomputed over exactly the signed headers, matches (constant-time compare).</li>
 * </ol>
 * Nothing secret is logged or put in a message: only access key ids, dates and scope parts.
 */
public final class SigV4Verifier {

    private static final Logger LOG = LoggerFactory.getLogger(SigV4Verifier.class);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private final CredentialStore credentials;
    private final Clock clock;
    private final Set<String> regions;
    private final Duration allowedSkew;

    /** A verifier for one region, e.g. {@code us-east-1}; see {@link #SigV4Verifier(CredentialStore, Clock, Set, Duration)}. */
    public SigV4Verifier(CredentialStore credentials, Clock clock, String region, Duration allowedSkew) {
        this(credentials, clock, Set.of(Objects.requireNonNull(region, "region")), allowedSkew);
    }

    /**
     * @param credentials the keys to accept
     * @param clock       the server clock (injectable so tests can skew it)
     * @param regions     the regions the sandbox answers for: a credential scope must name one of them, and the
     *                    caller's region is the one it names
     * @param allowedSkew how far {@code X-Amz-Date} may be from the server clock (AWS: 5 minutes)
     */
    public SigV4Verifier(CredentialStore credentials, Clock clock, Set<String> regions, Duration allowedSkew) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.regions = Set.copyOf(regions);
        if (this.regions.isEmpty()) {
            throw new IllegalArgumentException("at least one region");
        }
        this.allowedSkew = Objects.requireNonNull(allowedSkew, "allowedSkew");
    }

    /**
     * Verifies {@code request} for {@code service} (the SigV4 signing name: {@code ssm}, {@code kms},
     * {@code sts}, {@code ssmmessages}).
     *
     * @return the caller, when every check passes
     * @throws AuthenticationException when one fails
     */
    public VerifiedCaller verify(SignedHttpRequest request, String service) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new AuthenticationException(AuthFailure.MISSING_AUTHENTICATION_TOKEN);
        }
        AuthorizationHeader auth = AuthorizationHeader.parse(authorization);

        StoredCredentials stored = credentials.find(auth.accessKeyId())
                .orElseThrow(() -> rejected(AuthFailure.UNRECOGNIZED_CLIENT, auth, "unknown access key"));
        checkSessionToken(request, stored, auth);
        Instant now = clock.instant();
        if (stored.isExpiredAt(now)) {
            throw rejected(AuthFailure.EXPIRED_TOKEN, auth, "credentials expired at " + stored.expiration());
        }

        String amzDate = request.header("x-amz-date");
        Instant signedAt = parseAmzDate(amzDate);
        checkClockSkew(signedAt, now, auth);
        checkScope(auth, amzDate, service);

        String payloadHash = payloadHash(request, service, auth);
        String canonical = CanonicalRequest.of(request, auth.signedHeaders(), payloadHash);
        String toSign = SigV4Signature.stringToSign(amzDate, auth.credentialScope(), canonical);
        String expected = SigV4Signature.signature(stored.secretAccessKey(), auth.scopeDate(),
                auth.scopeRegion(), auth.scopeService(), toSign);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.signature().getBytes(StandardCharsets.US_ASCII))) {
            LOG.debug("Signature mismatch for access key {}; canonical request was:\n{}", auth.accessKeyId(), canonical);
            throw rejected(AuthFailure.INVALID_SIGNATURE, auth, "signature mismatch");
        }
        return new VerifiedCaller(stored.principal(), stored.accessKeyId(), stored.expiration(), auth.scopeRegion());
    }

    /**
     * The payload hash of the canonical request: the body's SHA-256, except for S3, which signs the value of
     * {@code x-amz-content-sha256} (the body's hash, or {@code UNSIGNED-PAYLOAD}) and checks it against the body.
     */
    private static String payloadHash(SignedHttpRequest request, String service, AuthorizationHeader auth) {
        String bodyHash = SigV4Signature.sha256Hex(request.body());
        String declared = request.header("x-amz-content-sha256");
        if (!"s3".equals(service) || declared == null) {
            return bodyHash;
        }
        if (!declared.equals(UNSIGNED_PAYLOAD) && !declared.equals(bodyHash)) {
            throw rejected(AuthFailure.INVALID_SIGNATURE, auth, "x-amz-content-sha256 does not match the body");
        }
        return declared;
    }

    private void checkSessionToken(SignedHttpRequest request, StoredCredentials stored, AuthorizationHeader auth) {
        String presented = request.header("x-amz-security-token");
        if (!stored.isTemporary()) {
            if (presented != null) {
                throw rejected(AuthFailure.UNRECOGNIZED_CLIENT, auth, "session token sent with a long-term key");
            }
            return;
        }
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                stored.sessionToken().getBytes(StandardCharsets.UTF_8))) {
            throw rejected(AuthFailure.UNRECOGNIZED_CLIENT, auth, "missing or wrong session token");
        }
    }

    private static Instant parseAmzDate(String amzDate) {
        if (amzDate == null) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        try {
            return Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "X-Amz-Date must be in the ISO-8601 basic format yyyyMMdd'T'HHmmss'Z', not '" + amzDate + "'.");
        }
    }

    private void checkClockSkew(Instant signedAt, Instant now, AuthorizationHeader auth) {
        String window = allowedSkew.toMinutes() + " min.";
        Instant earliest = now.minus(allowedSkew);
        Instant latest = now.plus(allowedSkew);
        if (signedAt.isBefore(earliest)) {
            throw rejected(AuthFailure.INVALID_SIGNATURE, auth, "Signature expired: " + AMZ_DATE.format(signedAt)
                    + " is now earlier than " + AMZ_DATE.format(earliest) + " (" + AMZ_DATE.format(now) + " - "
                    + window + ")", true);
        }
        if (signedAt.isAfter(latest)) {
            throw rejected(AuthFailure.INVALID_SIGNATURE, auth, "Signature not yet current: "
                    + AMZ_DATE.format(signedAt) + " is still later than " + AMZ_DATE.format(latest) + " ("
                    + AMZ_DATE.format(now) + " + " + window + ")", true);
        }
    }

    private void checkScope(AuthorizationHeader auth, String amzDate, String service) {
        String requestDay = amzDate.substring(0, 8);
        if (!auth.scopeDate().equals(requestDay)) {
            throw rejected(AuthFailure.INVALID_SIGNATURE, auth, "Date in Credential scope does not match YYYYMMDD"
                    + " from ISO-8601 version of date from HTTP: '" + auth.scopeDate() + "' != '" + requestDay
                    + "', from '" + amzDate + "'.", true);
        }
        if (!regions.contains(auth.scopeRegion())) {
            throw rejected(AuthFailure.INVALID_SIGNATURE, auth, "Credential should be scoped to a valid region, not '"
                    + auth.scopeRegion() + "'. ", true);
        }
        if (!auth.scopeService().equals(service)) {
            throw rejected(AuthFailure.INVALID_SIGNATURE, auth, "Credential should be scoped to correct service: '"
                    + service + "'. ", true);
        }
    }

    private static AuthenticationException rejected(AuthFailure failure, AuthorizationHeader auth, String why) {
        return rejected(failure, auth, why, false);
    }

    /**
     * Logs the reason (with the access key id only) and builds the exception. When {@code showReason} is
     * false the client gets AWS's fixed message and the reason stays in the log.
     */
    private static AuthenticationException rejected(AuthFailure failure, AuthorizationHeader auth, String why,
                                                    boolean showReason) {
        LOG.info("Rejected request signed with access key {}: {} ({})", auth.accessKeyId(), failure.jsonCode(), why);
        return showReason ? new AuthenticationException(failure, why) : new AuthenticationException(failure);
    }
}
