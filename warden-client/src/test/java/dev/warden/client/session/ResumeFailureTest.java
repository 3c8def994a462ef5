package dev.warden.client.session;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.warden.client.ClientOptions;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.WardenClient;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortSession;
import dev.warden.client.testing.FakeSsmEndpoint;
import dev.warden.client.testing.FakeSsmEndpoint.Answer;
import dev.warden.client.testing.ScriptedDataChannelServer;
import dev.warden.client.testing.TestCredentials;
import dev.warden.client.testing.Transcript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a lost connection ends when it cannot be resumed: each ResumeSession answer maps to a typed
 * {@link SessionEnd}, retries are bounded (by count for rejected credentials, by the deadline otherwise), and no
 * secret (token, secret key, session token) reaches a log line or an end message.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResumeFailureTest {

    private static final String SESSION = "sess-a-0123456789abcdef0";

    private ScriptedDataChannelServer server;
    private FakeSsmEndpoint endpoint;
    private ListAppender<ILoggingEvent> logs;
    private Logger wardenLogger;
    private Level previousLevel;

    @BeforeEach
    void start() {
        server = ScriptedDataChannelServer.start();
        endpoint = FakeSsmEndpoint.start();
        wardenLogger = (Logger) LoggerFactory.getLogger("dev.warden");
        previousLevel = wardenLogger.getLevel();
        wardenLogger.setLevel(Level.TRACE);
        logs = new ListAppender<>();
        logs.start();
        wardenLogger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        wardenLogger.detachAppender(logs);
        wardenLogger.setLevel(previousLevel);
        endpoint.close();
        server.close();
    }

    @Test
    void a_session_the_service_no_longer_knows_ends_as_not_found() throws Exception {
        endpoint.on("AmazonSSM.ResumeSession", call -> Answer.error(400, "DoesNotExistException",
                "Session not found"));
        SessionEnd end = dropAndAwaitEnd(new TestCredentials(Instant.now().plusSeconds(3600)), options());
        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.SESSION_NOT_FOUND);
        assertThat(endpoint.calls("AmazonSSM.ResumeSession")).hasSize(1);
    }

    @Test
    void a_resume_without_token_is_the_services_timeout() throws Exception {
        endpoint.on("AmazonSSM.ResumeSession", call -> Answer.ok("{\"SessionId\":\"" + SESSION + "\"}"));
        SessionEnd end = dropAndAwaitEnd(new TestCredentials(Instant.now().plusSeconds(3600)), options());
        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.SESSION_TIMED_OUT);
        assertThat(end.message()).isEqualTo("Session: " + SESSION + " timed out.");
    }

    @Test
    void transient_failures_are_retried_with_backoff_until_the_deadline() throws Exception {
        endpoint.on("AmazonSSM.ResumeSession", call -> Answer.error(503, "ServiceUnavailable", "busy"));
        long started = System.nanoTime();
        SessionEnd end = dropAndAwaitEnd(new TestCredentials(Instant.now().plusSeconds(3600)),
                optionsBuilder().resumeDeadline(Duration.ofMillis(1500)).deliveryTimeout(Duration.ofMinutes(1)).build());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.RESUME_FAILED);
        assertThat(end.message()).contains("within 1 s");
        int calls = endpoint.calls("AmazonSSM.ResumeSession").size();
        // Backoff 50 ms doubling to 400 ms: a handful of attempts, not a storm, and not a single one.
        assertThat(calls).isBetween(3, 15);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void refreshable_credentials_that_keep_being_rejected_end_after_a_bounded_number_of_attempts() throws Exception {
        endpoint.on("AmazonSSM.ResumeSession", call -> Answer.error(400, "ExpiredTokenException",
                "The security token included in the request is expired"));
        TestCredentials credentials = new TestCredentials(Instant.now().plusSeconds(3600));
        SessionEnd end = dropAndAwaitEnd(credentials, options());
        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CREDENTIALS_REJECTED);
        assertThat(endpoint.calls("AmazonSSM.ResumeSession")).hasSize(3); // ClientOptions' maxAuthFailures
        assertNoSecretsLogged(end);
    }

    @Test
    void static_credentials_rejected_as_expired_end_at_once() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        endpoint.on("AmazonSSM.ResumeSession", call -> {
            calls.incrementAndGet();
            return Answer.error(400, "ExpiredTokenException", "The security token included in the request is expired");
        });
        SessionEnd end = dropAndAwaitEnd(new TestCredentials(null), options());
        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CREDENTIALS_EXPIRED);
        assertThat(calls).hasValue(1);
        assertThat(end.message()).contains("ASIATEST1").contains("cannot be refreshed");
        assertNoSecretsLogged(end);
    }

    private static ClientOptions options() {
        return optionsBuilder().build();
    }

    private static ClientOptions.Builder optionsBuilder() {
        return ClientOptions.builder().backoff(Duration.ofMillis(50), Duration.ofMillis(400));
    }

    /** Runs an SSH-style session until the handshake completed, drops its connection, and waits for the end. */
    private SessionEnd dropAndAwaitEnd(TestCredentials credentials, ClientOptions options) throws Exception {
        Transcript a = Transcript.load("a-port-stdio.jsonl");
        try (WardenClient client = WardenClient.builder().region("us-east-1").credentials(credentials)
                .ssmEndpoint(endpoint.uri()).options(options).build()) {
            var started = client.attachPortSession(new SessionCoordinates(SESSION, "TOKEN-a-1",
                    server.streamUrl(SESSION, "AAEAAb+c/d==")), null, LocalPort.none(), null);
            ScriptedDataChannelServer.PeerConnection peer = server.nextConnection(Duration.ofSeconds(10));
            peer.send(Transcript.frameBytes(a.line(7)));  // HandshakeRequest
            peer.send(Transcript.frameBytes(a.line(11))); // HandshakeComplete
            PortSession session = started.get(10, TimeUnit.SECONDS);
            peer.dropTcp();
            return session.completion().get(20, TimeUnit.SECONDS);
        }
    }

    private void assertNoSecretsLogged(SessionEnd end) {
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain("TOKEN-a-1").doesNotContain("secret-").doesNotContain("token-1");
        }
        assertThat(end.message()).doesNotContain("TOKEN-a-1").doesNotContain("secret-").doesNotContain("token-1");
    }
}
