package dev.warden.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.testing.SharedVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every case of sigv4-websocket.json, reproduced byte for byte. */
class UpgradeSignerVectorsTest {

    @TestFactory
    Stream<DynamicTest> everyVectorCase() {
        JsonNode cases = SharedVectors.read("sigv4-websocket.json").get("cases");
        assertThat(cases).hasSize(11);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        return tests.stream();
    }

    private static void check(JsonNode c) {
        JsonNode in = c.get("inputs");
        JsonNode out = c.get("outputs");
        URI url = URI.create(in.get("streamUrl").asText());
        String token = in.path("sessionToken").asText("");
        AwsCredentialsIdentity credentials = token.isEmpty()
                ? AwsCredentialsIdentity.create(in.get("accessKeyId").asText(), in.get("secretAccessKey").asText())
                : AwsSessionCredentialsIdentity.create(in.get("accessKeyId").asText(),
                in.get("secretAccessKey").asText(), token);
        UpgradeSigner signer = new UpgradeSigner(in.get("region").asText());
        assertThat(in.get("service").asText()).isEqualTo(UpgradeSigner.SERVICE);

        UpgradeSignature signature = signer.sign(url, credentials, Instant.parse(in.get("signingTime").asText()));

        assertThat(signature.isSigned()).isEqualTo(out.get("signed").asBoolean());
        Map<String, String> expectedHeaders = new LinkedHashMap<>();
        out.get("headersAddedToUpgradeRequest").properties()
                .forEach(e -> expectedHeaders.put(e.getKey(), e.getValue().asText()));
        assertThat(signature.headers()).containsExactlyEntriesOf(expectedHeaders);
        // The signer never rewrites the URL: what is dialled is the StreamUrl as given.
        assertThat(url.toString()).isEqualTo(out.get("dialedUrl").asText());
        assertThat(UpgradeSigner.isPresigned(url)).isEqualTo(!out.get("signed").asBoolean());
        if (signature.isSigned()) {
            assertThat(signature.canonicalRequest()).isEqualTo(out.get("canonicalRequest").asText());
            assertThat(signature.stringToSign()).isEqualTo(out.get("stringToSign").asText());
            assertThat(signature.signature()).isEqualTo(out.get("signature").asText());
            assertThat(GoQueryCanonicalizer.canonicalize(url.getRawQuery()))
                    .isEqualTo(out.get("canonicalQueryString").asText());
            assertThat(signature.toString()).doesNotContain(token.isEmpty() ? "never-empty" : token)
                    .doesNotContain(in.get("secretAccessKey").asText());
        }
    }
}
