package dev.warden.sandbox.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.testing.SdkSigning;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/** The verifier against requests signed by the AWS SDK for Java's own signer. */
class SigV4VerifierTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Principal ALICE =
            new Principal("arn:aws:iam::123456789012:user/alice", "123456789012", "AIDAALICE");
    private static final byte[] BODY = "{\"Target\":\"i-0123456789abcdef0\"}".getBytes(StandardCharsets.UTF_8);

    private final CredentialStore store = new CredentialStore();
    private final SigV4Verifier verifier =
            new SigV4Verifier(store, Clock.fixed(NOW, ZoneOffset.UTC), "us-east-1", Duration.ofMinutes(5));

    SigV4VerifierTest() {
        store.register(StoredCredentials.longTerm("AKIAALICE", "alice-secret", ALICE));
        store.register(new StoredCredentials("ASIATEMP", "temp-secret", "temp-token", NOW.plusSeconds(60), ALICE));
        store.register(new StoredCredentials("ASIAOLD", "old-secret", "old-token", NOW.minusSeconds(1), ALICE));
    }

    @Test
    void anSdkSignedApiCallVerifies() {
        VerifiedCaller caller = verifier.verify(apiCall("AKIAALICE", "alice-secret", null, NOW), "ssm");

        assertThat(caller.principal()).isEqualTo(ALICE);
        assertThat(caller.credentialsExpiryTime()).isEmpty();
    }

    @Test
    void temporaryCredentialsVerifyAndReportTheirExpiry() {
        VerifiedCaller caller = verifier.verify(apiCall("ASIATEMP", "temp-secret", "temp-token", NOW), "ssm");

        assertThat(caller.credentialsExpiry()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void sdkSignedQueriesWithArbitraryCharactersVerify() {
        Random random = new Random(7);
        String alphabet = "aZ09-_.~ +/=&?%#:@!$'()*,;é€";
        for (int i = 0; i < 200; i++) {
            Map<String, String> params = new HashMap<>();
            for (int p = 0; p < 1 + random.nextInt(4); p++) {
                params.put("k" + p + randomText(random, alphabet, 3), randomText(random, alphabet, 12));
            }
            SdkHttpRequest.Builder builder = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("http")
                    .host("127.0.0.1").port(8443).encodedPath("/v1/data-channel/alice-0123456789abcdef0");
            params.forEach(builder::putRawQueryParameter);
            SignedRequest signed = SdkSigning.sign(builder.build(), new byte[0], "AKIAALICE", "alice-secret", null,
                    "us-east-1", "ssmmessages", NOW);

            assertThat(verifier.verify(SdkSigning.asReceived(signed, new byte[0]), "ssmmessages").accessKeyId())
                    .as("query %s", params).isEqualTo("AKIAALICE");
        }
    }

    @Test
    void aChangedBodyFailsWithInvalidSignature() {
        SignedHttpRequest signed = apiCall("AKIAALICE", "alice-secret", null, NOW);
        SignedHttpRequest tampered = new SignedHttpRequest(signed.method(), signed.rawPath(), signed.rawQuery(),
                signed.headers(), "{\"Target\":\"i-0fffffffffffffff0\"}".getBytes(StandardCharsets.UTF_8));

        assertFails(() -> verifier.verify(tampered, "ssm"), AuthFailure.INVALID_SIGNATURE);
    }

    @Test
    void aChangedSignedHeaderFailsWithInvalidSignature() {
        SignedHttpRequest signed = apiCall("AKIAALICE", "alice-secret", null, NOW);
        Map<String, List<String>> headers = new HashMap<>(signed.headers());
        headers.put("x-amz-target", List.of("AmazonSSM.TerminateSession"));

        assertFails(() -> verifier.verify(new SignedHttpRequest(signed.method(), signed.rawPath(), signed.rawQuery(),
                headers, signed.body()), "ssm"), AuthFailure.INVALID_SIGNATURE);
    }

    @Test
    void theWrongSecretFailsWithInvalidSignature() {
        assertFails(() -> verifier.verify(apiCall("AKIAALICE", "not-the-secret", null, NOW), "ssm"),
                AuthFailure.INVALID_SIGNATURE);
    }

    @Test
    void anUnknownKeyIsUnrecognized() {
        assertFails(() -> verifier.verify(apiCall("AKIANOBODY", "whatever", null, NOW), "ssm"),
                AuthFailure.UNRECOGNIZED_CLIENT);
    }

    @Test
    void aTemporaryKeyWithTheWrongOrNoTokenIsUnrecognized() {
        assertFails(() -> verifier.verify(apiCall("ASIATEMP", "temp-secret", "other-token", NOW), "ssm"),
                AuthFailure.UNRECOGNIZED_CLIENT);
        assertFails(() -> verifier.verify(apiCall("ASIATEMP", "temp-secret", null, NOW), "ssm"),
                AuthFailure.UNRECOGNIZED_CLIENT);
    }

    @Test
    void expiredTemporaryCredentialsAreAnExpiredToken() {
        assertFails(() -> verifier.verify(apiCall("ASIAOLD", "old-secret", "old-token", NOW), "ssm"),
                AuthFailure.EXPIRED_TOKEN);
    }

    @Test
    void aSignatureOlderThanFiveMinutesHasExpiredInAwsWords() {
        Instant signedAt = NOW.minus(Duration.ofMinutes(6));

        assertThatThrownBy(() -> verifier.verify(apiCall("AKIAALICE", "alice-secret", null, signedAt), "ssm"))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.failure()).isEqualTo(AuthFailure.INVALID_SIGNATURE);
                    assertThat(e.getMessage()).isEqualTo("Signature expired: 20260301T115400Z is now earlier than"
                            + " 20260301T115500Z (20260301T120000Z - 5 min.)");
                });
    }

    @Test
    void aSignatureFromTheFutureIsNotYetCurrent() {
        Instant signedAt = NOW.plus(Duration.ofMinutes(6));

        assertThatThrownBy(() -> verifier.verify(apiCall("AKIAALICE", "alice-secret", null, signedAt), "ssm"))
                .hasMessage("Signature not yet current: 20260301T120600Z is still later than 20260301T120500Z"
                        + " (20260301T120000Z + 5 min.)");
    }

    @Test
    void withinTheSkewWindowIsFine() {
        Instant signedAt = NOW.minus(Duration.ofMinutes(4));

        assertThat(verifier.verify(apiCall("AKIAALICE", "alice-secret", null, signedAt), "ssm").accessKeyId())
                .isEqualTo("AKIAALICE");
    }

    @Test
    void theWrongRegionOrServiceIsRejected() {
        SdkHttpRequest request = apiRequest();
        SignedHttpRequest otherRegion = SdkSigning.asReceived(SdkSigning.sign(request, BODY, "AKIAALICE",
                "alice-secret", null, "eu-west-1", "ssm", NOW), BODY);

        assertThatThrownBy(() -> verifier.verify(otherRegion, "ssm"))
                .hasMessageContaining("Credential should be scoped to a valid region, not 'eu-west-1'");
        assertThatThrownBy(() -> verifier.verify(apiCall("AKIAALICE", "alice-secret", null, NOW), "kms"))
                .hasMessageContaining("Credential should be scoped to correct service: 'kms'");
    }

    @Test
    void missingOrMalformedAuthorizationIsReportedAsAwsDoes() {
        SignedHttpRequest noAuth = new SignedHttpRequest("POST", "/", "", Map.of("Host", List.of("h")), BODY);
        assertFails(() -> verifier.verify(noAuth, "ssm"), AuthFailure.MISSING_AUTHENTICATION_TOKEN);

        SignedHttpRequest partial = new SignedHttpRequest("POST", "/", "",
                Map.of("Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIAALICE/20260301/us-east-1/ssm/aws4_request")),
                BODY);
        assertThatThrownBy(() -> verifier.verify(partial, "ssm"))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.failure()).isEqualTo(AuthFailure.INCOMPLETE_SIGNATURE);
                    assertThat(e.getMessage()).contains("'Signature'").contains("'SignedHeaders'");
                });
    }

    @Test
    void noMessageEverContainsTheSecretOrTheToken() {
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> verifier.verify(apiCall("ASIATEMP", "wrong", "temp-token", NOW), "ssm"),
                () -> verifier.verify(apiCall("ASIATEMP", "temp-secret", "temp-tokeX", NOW), "ssm"),
                () -> verifier.verify(apiCall("ASIAOLD", "old-secret", "old-token", NOW), "ssm"))) {
            assertThatThrownBy(call).satisfies(e -> assertThat(e.getMessage())
                    .doesNotContain("secret").doesNotContain("token-").doesNotContain("temp-token"));
        }
        assertThat(store.find("ASIATEMP").orElseThrow().toString()).doesNotContain("temp-secret", "temp-token");
    }

    private static SdkHttpRequest apiRequest() {
        return SdkHttpRequest.builder().method(SdkHttpMethod.POST).protocol("http").host("127.0.0.1").port(40000)
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AmazonSSM.StartSession")
                .putHeader("Content-Length", String.valueOf(BODY.length))
                .build();
    }

    private static SignedHttpRequest apiCall(String key, String secret, String token, Instant at) {
        return SdkSigning.asReceived(SdkSigning.sign(apiRequest(), BODY, key, secret, token, "us-east-1", "ssm", at),
                BODY);
    }

    private static String randomText(Random random, String alphabet, int maxLength) {
        StringBuilder s = new StringBuilder();
        int length = 1 + random.nextInt(maxLength);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static void assertFails(ThrowingCallable call, AuthFailure expected) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AuthenticationException.class,
                e -> assertThat(e.failure()).isEqualTo(expected));
    }
}
