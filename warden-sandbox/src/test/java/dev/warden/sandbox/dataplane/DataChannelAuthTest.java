package dev.warden.sandbox.dataplane;

import static dev.warden.sandbox.dataplane.DataPlaneHarness.NEW_AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.protocol.payload.ClientOpenDataChannel;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Who may open a data channel: tokens, session ids, SigV4-signed and unsigned upgrades, credential expiry. */
class DataChannelAuthTest {

    private static final String CLIENT = "1.2.764.0";
    private static DataPlaneHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new DataPlaneHarness("""
                sts:
                  minimumDurationSeconds: 1
                session:
                  tokenLifetime: 2s
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    private static String openFrame(String token) {
        return new String(ClientOpenDataChannel.of(UUID.randomUUID(), token, UUID.randomUUID(), CLIENT).encode(),
                StandardCharsets.UTF_8);
    }

    @Test
    void aWrongTokenIsClosedWithPolicyViolationAndTheRightOneStillWorks() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        WsClient wrong = WsClient.connect(URI.create(started.streamUrl()));
        wrong.sendText(openFrame("not-the-token"));
        WsClient.Closed closed = wrong.closed().get(5, TimeUnit.SECONDS);
        assertThat(closed.code()).isEqualTo(1008);
        assertThat(closed.reason()).doesNotContain("not-the-token");

        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            assertThat(client.handshakeComplete().get(5, TimeUnit.SECONDS).customerMessage()).isEmpty();
        }
    }

    @Test
    void aTokenOfAnotherSessionIsRefused() throws Exception {
        StartSessionResponse first = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        StartSessionResponse second = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        WsClient ws = WsClient.connect(URI.create(first.streamUrl()));
        ws.sendText(openFrame(second.tokenValue()));
        assertThat(ws.closed().get(5, TimeUnit.SECONDS).code()).isEqualTo(1008);
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        Thread.sleep(2200); // tokenLifetime is 2 s in this sandbox
        WsClient ws = WsClient.connect(URI.create(started.streamUrl()));
        ws.sendText(openFrame(started.tokenValue()));
        assertThat(ws.closed().get(5, TimeUnit.SECONDS).code()).isEqualTo(1008);
    }

    @Test
    void aMalformedOpenDataChannelMessageIsRefused() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        WsClient ws = WsClient.connect(URI.create(started.streamUrl()));
        ws.sendText("{\"MessageSchemaVersion\":");
        assertThat(ws.closed().get(5, TimeUnit.SECONDS).code()).isEqualTo(1008);
    }

    @Test
    void anUnknownSessionIdIsAnHttp404() {
        String url = harness.sandbox.dataChannelBase() + "/v1/data-channel/alice-0123456789abcdef0"
                + "?role=publish_subscribe&cell-number=AAEAAQ==";
        assertThatThrownBy(() -> WsClient.connect(URI.create(url)))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void otherPathsAreHttp404() {
        assertThatThrownBy(() -> WsClient.connect(URI.create(harness.sandbox.dataChannelBase() + "/v1/control-channel/x")))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void aSignedUpgradeAsTheOfficialClientSendsItIsAccepted() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        Map<String, String> headers = UpgradeSigning.headers(started.streamUrl(), harness.sandbox.accessKeyId(),
                harness.sandbox.secretAccessKey(), null, harness.sandbox.region(), Instant.now());
        try (ProtocolClient client = new ProtocolClient(CLIENT)
                .connect(started.streamUrl(), started.tokenValue(), headers)) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBadSignatureIsAnHttp403NamingNoSecret() {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        Map<String, String> headers = UpgradeSigning.headers(started.streamUrl(), harness.sandbox.accessKeyId(),
                "wrong-secret-wrong-secret-wrong-secret00", null, harness.sandbox.region(), Instant.now());
        assertThatThrownBy(() -> WsClient.connect(URI.create(started.streamUrl()), headers))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
                    assertThat(e.getResponse().statusCode()).isEqualTo(403);
                    assertThat(String.valueOf(e.getResponse().body()))
                            .doesNotContain(harness.sandbox.secretAccessKey());
                });
    }

    @Test
    void aSignedChannelIsClosedWhenItsCredentialsExpireAndAnUnsignedOneIsNot() throws Exception {
        Credentials temporary = temporaryCredentials(3);
        StartSessionResponse signedSession = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        StartSessionResponse unsignedSession = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        Map<String, String> headers = UpgradeSigning.headers(signedSession.streamUrl(), temporary.accessKeyId(),
                temporary.secretAccessKey(), temporary.sessionToken(), harness.sandbox.region(), Instant.now());
        try (ProtocolClient signed = new ProtocolClient(CLIENT)
                .connect(signedSession.streamUrl(), signedSession.tokenValue(), headers);
             ProtocolClient unsigned = new ProtocolClient(CLIENT)
                     .connect(unsignedSession.streamUrl(), unsignedSession.tokenValue())) {
            signed.handshakeComplete().get(5, TimeUnit.SECONDS);
            unsigned.handshakeComplete().get(5, TimeUnit.SECONDS);
            assertThat(signed.socket().closed()).isNotDone();

            WsClient.Closed closed = signed.socket().closed().get(10, TimeUnit.SECONDS);
            assertThat(closed.code()).isEqualTo(1000);
            assertThat(temporary.expiration()).isBefore(Instant.now().plus(Duration.ofSeconds(1)));
            // Only the connection ends; the session stays resumable, and the unsigned channel is untouched.
            assertThat(harness.sandbox.controlPlane().sessions().find(signedSession.sessionId()).orElseThrow()
                    .status().isActive()).isTrue();
            assertThat(unsigned.socket().closed()).isNotDone();
        }
    }

    @Test
    void upgradesSignedWithExpiredCredentialsAreRefused() throws Exception {
        Credentials temporary = temporaryCredentials(1);
        Thread.sleep(1200);
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        Map<String, String> headers = UpgradeSigning.headers(started.streamUrl(), temporary.accessKeyId(),
                temporary.secretAccessKey(), temporary.sessionToken(), harness.sandbox.region(), Instant.now());
        assertThatThrownBy(() -> WsClient.connect(URI.create(started.streamUrl()), headers))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
    }

    /** Session credentials from the sandbox's STS that expire after {@code seconds}. */
    private static Credentials temporaryCredentials(int seconds) {
        try (StsClient sts = StsClient.builder().endpointOverride(harness.endpoint())
                .region(Region.of(harness.sandbox.region())).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        harness.sandbox.accessKeyId(), harness.sandbox.secretAccessKey())))
                .build()) {
            return sts.getSessionToken(r -> r.durationSeconds(seconds)).credentials();
        }
    }
}
