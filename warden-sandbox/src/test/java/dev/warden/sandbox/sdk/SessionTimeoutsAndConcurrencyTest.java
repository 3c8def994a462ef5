package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warden.sandbox.auth.AuthenticationException;
import dev.warden.sandbox.auth.SignedHttpRequest;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.session.SessionSnapshot;
import dev.warden.sandbox.session.SessionStatus;
import dev.warden.sandbox.session.TerminationCause;
import dev.warden.sandbox.testing.SandboxFixture;
import dev.warden.sandbox.testing.SdkSigning;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Session;

/** The running server's own idle/max enforcement, concurrent API use, and signing of issued StreamUrls. */
class SessionTimeoutsAndConcurrencyTest {

    private static SandboxFixture sandbox;

    @BeforeAll
    static void start() {
        sandbox = new SandboxFixture(SandboxConfigLoader.fromYaml("""
                session:
                  enforcementInterval: 100ms
                  preferences:
                    idleSessionTimeout: 5
                    maxSessionDuration: 30
                """, "timeouts.yaml"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void theServerEndsIdleAndOverlongSessionsByItself() {
        String idle;
        String busy;
        try (SsmClient ssm = sandbox.ssm()) {
            idle = ssm.startSession(b -> b.target("i-0a1b2c3d4e5f60001")).sessionId();
            busy = ssm.startSession(b -> b.target("i-0a1b2c3d4e5f60002")).sessionId();
        }
        var sessions = sandbox.server().sessions();
        sessions.markConnected(busy);
        try {
            for (int minute = 1; minute <= 6; minute++) {
                sandbox.clock().skew(Duration.ofMinutes(minute));
                sessions.recordActivity(busy);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> status(idle) == SessionStatus.Terminated);
            assertThat(sessions.find(idle).orElseThrow().termination().cause()).isEqualTo(TerminationCause.IDLE_TIMEOUT);
            assertThat(status(busy)).isEqualTo(SessionStatus.Connected);

            for (int minute = 7; minute <= 31; minute++) {
                sandbox.clock().skew(Duration.ofMinutes(minute));
                sessions.recordActivity(busy);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> status(busy) == SessionStatus.Terminated);
            assertThat(sessions.find(busy).orElseThrow().termination().cause()).isEqualTo(TerminationCause.MAX_DURATION);
        } finally {
            sandbox.clock().skew(Duration.ZERO);
        }
        try (SsmClient ssm = sandbox.ssm()) {
            Session history = ssm.describeSessions(b -> b.state("History")
                    .filters(software.amazon.awssdk.services.ssm.model.SessionFilter.builder().key("SessionId").value(busy).build())).sessions().get(0);
            assertThat(history.maxSessionDuration()).isEqualTo("30");
            assertThat(Duration.between(history.startDate(), history.endDate())).isGreaterThanOrEqualTo(
                    Duration.ofMinutes(30));
        }
    }

    @Test
    void concurrentStartSessionsAllSucceedWithDistinctIds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                List<String> ids = new ArrayList<>();
                try (SsmClient ssm = sandbox.ssm()) {
                    for (int i = 0; i < 10; i++) {
                        ids.add(ssm.startSession(b -> b.target("i-0a1b2c3d4e5f60003")).sessionId());
                    }
                }
                return ids;
            }));
        }
        Set<String> all = new HashSet<>();
        for (Future<List<String>> f : futures) {
            all.addAll(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(all).hasSize(80);
        assertThat(all).allSatisfy(id -> assertThat(sandbox.server().sessions().find(id)).isPresent());
    }

    /**
     * An issued StreamUrl signed by the Java SDK from its decoded query parameters verifies for ssmmessages,
     * exactly as the plugin's Go signature would. Signing it via {@code SdkHttpRequest.Builder.uri(...)} does not:
     * that parser cuts the cell-number's base64 padding ({@code ==}), a trap for Java clients.
     */
    @Test
    void anIssuedStreamUrlVerifiesWhenSignedFromItsDecodedParameters() {
        String streamUrl;
        try (SsmClient ssm = sandbox.ssm()) {
            streamUrl = ssm.startSession(b -> b.target("i-0a1b2c3d4e5f60005")).streamUrl();
        }
        URI url = URI.create(streamUrl);
        assertThat(url.getRawQuery()).endsWith("=");
        Instant now = sandbox.clock().instant();

        SdkHttpRequest.Builder decoded = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("http")
                .host(url.getHost()).port(url.getPort()).encodedPath(url.getRawPath());
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            decoded.putRawQueryParameter(pair.substring(0, eq),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        SignedHttpRequest good = asUpgrade(decoded.build(), url, now);
        assertThat(sandbox.server().verifier().verify(good, "ssmmessages").accessKeyId())
                .isEqualTo(SandboxFixture.ALICE.accessKeyId());

        SdkHttpRequest viaUri = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create(streamUrl.replace("ws://", "http://"))).build();
        assertThatThrownBy(() -> sandbox.server().verifier().verify(asUpgrade(viaUri, url, now), "ssmmessages"))
                .isInstanceOf(AuthenticationException.class);
    }

    /** The upgrade request as it reaches the server: the StreamUrl's raw path and query plus the signed headers. */
    private static SignedHttpRequest asUpgrade(SdkHttpRequest request, URI url, Instant at) {
        var signed = SdkSigning.sign(request, new byte[0], SandboxFixture.ALICE.accessKeyId(),
                SandboxFixture.ALICE.secretAccessKey(), null, "us-east-1", "ssmmessages", at);
        return new SignedHttpRequest("GET", url.getRawPath(), url.getRawQuery(), signed.request().headers(),
                new byte[0]);
    }

    private static SessionStatus status(String id) {
        return sandbox.server().sessions().find(id).map(SessionSnapshot::status).orElseThrow();
    }
}
