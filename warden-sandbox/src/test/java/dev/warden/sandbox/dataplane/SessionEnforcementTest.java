package dev.warden.sandbox.dataplane;

import static dev.warden.sandbox.dataplane.DataPlaneHarness.NEW_AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.protocol.payload.ChannelClosed;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionState;
import software.amazon.awssdk.services.ssm.model.SessionStatus;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

/**
 * The service's own ends of a session, seen by the client as {@code channel_closed} and in DescribeSessions
 * history: idle timeout, maximum duration, TerminateSession. One timeout "minute" lasts one second here.
 */
class SessionEnforcementTest {

    private static final String CLIENT = "1.2.764.0";
    private static DataPlaneHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new DataPlaneHarness("""
                session:
                  timeoutUnit: 1s
                  enforcementInterval: 100ms
                  preferences:
                    idleSessionTimeout: "2"
                    maxSessionDuration: "4"
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void anIdleSessionIsClosedWithTheServicesInactivityText() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            Instant quietSince = Instant.now();
            ChannelClosed closed = client.channelClosed().get(10, TimeUnit.SECONDS);
            assertThat(closed.output()).isEqualTo("Your session timed out due to inactivity and has been terminated.");
            assertThat(closed.sessionId()).isEqualTo(started.sessionId());
            assertThat(Duration.between(quietSince, Instant.now())).isGreaterThan(Duration.ofMillis(1500));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> harness.sandbox.dataPlane().openConnections(started.sessionId()) == 0);
            assertThat(history(started.sessionId()).status()).isEqualTo(SessionStatus.TERMINATED);
        }
    }

    @Test
    void streamTrafficKeepsASessionAliveUntilItsMaximumDuration() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        Instant begin = Instant.now();
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            while (!client.channelClosed().isDone() && Duration.between(begin, Instant.now()).getSeconds() < 10) {
                client.sendOutput("ping\n".getBytes());
                Thread.sleep(300);
            }
            ChannelClosed closed = client.channelClosed().get(1, TimeUnit.SECONDS);
            assertThat(closed.output())
                    .isEqualTo("Your session has reached the maximum session duration and has been terminated.");
            // Idle would have ended it after 2 s; traffic kept it until the 4 s maximum.
            assertThat(Duration.between(begin, Instant.now())).isGreaterThan(Duration.ofMillis(3500));
            assertThat(history(started.sessionId()).status()).isEqualTo(SessionStatus.TERMINATED);
        }
    }

    @Test
    void terminateSessionClosesTheDataChannelWithAnEmptyOutput() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            harness.ssm.terminateSession(r -> r.sessionId(started.sessionId()));
            ChannelClosed closed = client.channelClosed().get(5, TimeUnit.SECONDS);
            assertThat(closed.output()).isEmpty();
            // The service closes the connection after channel_closed (the client may not notice a bare TCP close
            // while it is still writing, so look at the server's side).
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> harness.sandbox.dataPlane().openConnections(started.sessionId()) == 0);
            assertThat(history(started.sessionId()).status()).isEqualTo(SessionStatus.TERMINATED);
        }
    }

    @Test
    void aSessionThatEndsOnTheInstanceIsClosedToo() throws Exception {
        // The echo destination of an SSH session closes when the client half-closes... here the client asks
        // the agent to end with the TerminateSession flag instead; either way the service sends channel_closed.
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            client.sendFlag(dev.warden.protocol.payload.PortFlag.TERMINATE_SESSION);
            assertThat(client.channelClosed().get(5, TimeUnit.SECONDS).output()).isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> history(started.sessionId()) != null);
        }
    }

    private static Session history(String sessionId) {
        return harness.ssm.describeSessions(r -> r.state(SessionState.HISTORY)).sessions().stream()
                .filter(s -> s.sessionId().equals(sessionId)).findFirst().orElse(null);
    }
}
