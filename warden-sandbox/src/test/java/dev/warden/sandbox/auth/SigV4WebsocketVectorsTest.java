package dev.warden.sandbox.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.testing.SharedVectors;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The websocket-upgrade signatures the official plugin's Go signer produced
 * ({@code shared/vectors/sigv4-websocket.json}) must all verify, and must stop verifying when anything
 * signed is changed.
 */
class SigV4WebsocketVectorsTest {

    static Stream<JsonNode> signedCases() {
        List<JsonNode> cases = new ArrayList<>();
        SharedVectors.read("sigv4-websocket.json").get("cases").forEach(c -> {
            if (c.get("outputs").get("signed").asBoolean()) {
                cases.add(c);
            }
        });
        assertThat(cases).hasSize(10);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedCases")
    void everySignedVectorVerifies(JsonNode vector) {
        Fixture f = new Fixture(vector);

        VerifiedCaller caller = f.verifier().verify(f.upgradeRequest(f.streamUrl), "ssmmessages");

        assertThat(caller.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedCases")
    void canonicalRequestIsTheGoSignersByteForByte(JsonNode vector) {
        Fixture f = new Fixture(vector);
        JsonNode out = vector.get("outputs");
        SignedHttpRequest request = f.upgradeRequest(f.streamUrl);

        assertThat(CanonicalRequest.canonicalQuery(request.rawQuery()))
                .isEqualTo(out.get("canonicalQueryString").asText());
        assertThat(CanonicalRequest.of(request, out.get("signedHeaders").asText(), out.get("payloadHash").asText()))
                .isEqualTo(out.get("canonicalRequest").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedCases")
    void aChangedQueryNoLongerVerifies(JsonNode vector) {
        Fixture f = new Fixture(vector);
        String tampered = f.streamUrl.replace("role=publish_subscribe", "role=publish_subscribf");

        assertThatThrownBy(() -> f.verifier().verify(f.upgradeRequest(tampered), "ssmmessages"))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.failure()).isEqualTo(AuthFailure.INVALID_SIGNATURE));
    }

    @Test
    void aRawPlusIsNotTheSameAsAnEncodedPlus() {
        JsonNode vector = signedCases().filter(c -> c.get("name").asText().equals("cell-plus-only")).findFirst()
                .orElseThrow();
        Fixture f = new Fixture(vector);
        // The plugin signed "+" as a space (%20); a client that sends %2B means a literal plus: different data.
        String literalPlus = f.streamUrl.replace("AQIDBA+abc", "AQIDBA%2Babc");

        assertThatThrownBy(() -> f.verifier().verify(f.upgradeRequest(literalPlus), "ssmmessages"))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void aPresignedUrlWithoutAuthorizationHeaderIsMissingAuthentication() {
        JsonNode vector = SharedVectors.read("sigv4-websocket.json").get("cases").get(10);
        assertThat(vector.get("outputs").get("signed").asBoolean()).isFalse();
        Fixture f = new Fixture(vector);
        URI url = URI.create(f.streamUrl);
        SignedHttpRequest unsigned = new SignedHttpRequest("GET", url.getRawPath(), url.getRawQuery(),
                Map.of("Host", List.of(url.getHost())), new byte[0]);

        assertThatThrownBy(() -> f.verifier().verify(unsigned, "ssmmessages"))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.failure()).isEqualTo(AuthFailure.MISSING_AUTHENTICATION_TOKEN));
    }

    @Test
    void theWrongServiceInTheScopeIsRejectedWithAwsWording() {
        Fixture f = new Fixture(signedCases().findFirst().orElseThrow());

        assertThatThrownBy(() -> f.verifier().verify(f.upgradeRequest(f.streamUrl), "ssm"))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.failure()).isEqualTo(AuthFailure.INVALID_SIGNATURE);
                    assertThat(e.getMessage()).contains("Credential should be scoped to correct service: 'ssm'");
                });
    }

    /** One vector: its credentials in a store, a clock stopped at its signing time, its upgrade headers. */
    private static final class Fixture {
        final JsonNode in;
        final JsonNode out;
        final String streamUrl;
        final Instant signedAt;

        Fixture(JsonNode vector) {
            in = vector.get("inputs");
            out = vector.get("outputs");
            streamUrl = in.get("streamUrl").asText();
            signedAt = Instant.parse(in.get("signingTime").asText());
        }

        SigV4Verifier verifier() {
            CredentialStore store = new CredentialStore();
            Principal alice = new Principal("arn:aws:iam::111122223333:user/alice", "111122223333", "AIDAEXAMPLE");
            String token = in.get("sessionToken").asText();
            store.register(token.isEmpty()
                    ? StoredCredentials.longTerm("AKIDEXAMPLE", in.get("secretAccessKey").asText(), alice)
                    : new StoredCredentials("AKIDEXAMPLE", in.get("secretAccessKey").asText(), token,
                            signedAt.plus(Duration.ofHours(1)), alice));
            return new SigV4Verifier(store, Clock.fixed(signedAt.plusSeconds(30), ZoneOffset.UTC),
                    in.get("region").asText(), Duration.ofMinutes(5));
        }

        /** The upgrade request as the plugin sends it: the StreamUrl's raw path and query plus its headers. */
        SignedHttpRequest upgradeRequest(String url) {
            URI uri = URI.create(url);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("Host", List.of(uri.getHost()));
            headers.put("Upgrade", List.of("websocket"));
            headers.put("User-Agent", List.of("Go-http-client/1.1"));
            out.get("headersAddedToUpgradeRequest").properties()
                    .forEach(h -> headers.put(h.getKey(), List.of(h.getValue().asText())));
            return new SignedHttpRequest("GET", uri.getRawPath(), uri.getRawQuery(), headers, new byte[0]);
        }
    }
}
