package dev.warden.client.e2e;

import dev.warden.client.ClientOptions;
import dev.warden.client.SessionEnd;
import dev.warden.client.WardenClient;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions the service ends: the idle timeout and the maximum session duration of the preferences document
 * (one "minute" lasts one second here), and TerminateSession. The client reports each as
 * {@link SessionEnd.Reason#CLOSED_BY_SERVICE} with the text the service put in channel_closed, as the plugin
 * prints it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TerminationEndToEndTest {

    private static SandboxFixture fixture;
    private static WardenClient client;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SandboxFixture("""
                session:
                  enforcementInterval: 100ms
                  timeoutUnit: 1s
                  preferences:
                    idleSessionTimeout: 2
                    maxSessionDuration: 4
                """);
        client = fixture.client(fixture.staticCredentials(), ClientOptions.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        fixture.close();
    }

    @Test
    void an_idle_session_ends_with_the_services_idle_message() throws Exception {
        PortSession session = client.startPortSession(SandboxFixture.portForwarding(SandboxFixture.NEW_AGENT, 80),
                LocalPort.listen(0), null).get(20, TimeUnit.SECONDS);
        long started = System.nanoTime();
        SessionEnd end = session.completion().get(20, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CLOSED_BY_SERVICE);
        assertThat(end.message()).isEqualTo("SessionId: " + session.sessionId()
                + " : Your session timed out due to inactivity and has been terminated.");
        assertThat(seconds).isBetween(1L, 4L);
    }

    @Test
    void a_busy_session_ends_at_the_maximum_duration_with_the_services_message() throws Exception {
        PortSession session = client.startPortSession(SandboxFixture.portForwarding(SandboxFixture.NEW_AGENT, 80),
                LocalPort.listen(0), null).get(20, TimeUnit.SECONDS);
        InetSocketAddress local = session.localAddress().orElseThrow();
        long started = System.nanoTime();
        try (Socket socket = new Socket(local.getAddress(), local.getPort())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // Traffic every 300 ms keeps the session from idling out; only the maximum duration can end it.
            while (!session.completion().isDone() && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(15)) {
                out.write("ping\n".getBytes());
                out.flush();
                in.readNBytes(5);
                Thread.sleep(300);
            }
        } catch (java.io.IOException endOfSession) {
            // the session closed the local connection when it ended
        }
        SessionEnd end = session.completion().get(10, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CLOSED_BY_SERVICE);
        assertThat(end.message()).isEqualTo("SessionId: " + session.sessionId()
                + " : Your session has reached the maximum session duration and has been terminated.");
        assertThat(seconds).isBetween(3L, 6L);
    }

    @Test
    void terminate_ends_the_session_through_the_api() throws Exception {
        PortSession session = client.startPortSession(SandboxFixture.portForwarding(SandboxFixture.NEW_AGENT, 80),
                LocalPort.listen(0), null).get(20, TimeUnit.SECONDS);
        session.terminate().get(10, TimeUnit.SECONDS);
        SessionEnd end = session.completion().get(5, TimeUnit.SECONDS);
        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.TERMINATED_BY_CLIENT);
        assertThat(fixture.sandbox.controlPlane().sessions().find(session.sessionId()).orElseThrow().status()
                .isActive()).isFalse();
    }
}
