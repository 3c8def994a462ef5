package dev.warden.client.session;

import dev.warden.client.ClientOptions;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.WardenClient;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortSession;
import dev.warden.client.testing.FakeSsmEndpoint;
import dev.warden.client.testing.ScriptedDataChannelServer;
import dev.warden.client.testing.TestCredentials;
import dev.warden.client.testing.Transcript;
import dev.warden.client.transport.EndpointUnreachableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The first connection: retried with backoff while the endpoint does not answer, then a typed failure. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FirstConnectionTest {

    private static final String SESSION = "sess-a-0123456789abcdef0";

    @Test
    void an_endpoint_that_comes_up_late_is_reached() throws Exception {
        int port = freePort();
        Transcript a = Transcript.load("a-port-stdio.jsonl");
        try (FakeSsmEndpoint endpoint = FakeSsmEndpoint.start(); WardenClient client = client(endpoint)) {
            CompletableFuture<PortSession> session = client.attachPortSession(new SessionCoordinates(SESSION,
                    "TOKEN-a-1", "ws://127.0.0.1:" + port + "/v1/data-channel/" + SESSION), null, LocalPort.none(),
                    null);
            Thread.sleep(300); // the first attempts are refused
            try (ScriptedDataChannelServer server = ScriptedDataChannelServer.startOn(port)) {
                ScriptedDataChannelServer.PeerConnection peer = server.nextConnection(Duration.ofSeconds(10));
                assertThat(peer).isNotNull();
                peer.send(Transcript.frameBytes(a.line(7)));
                peer.send(Transcript.frameBytes(a.line(11)));
                assertThat(session.get(10, TimeUnit.SECONDS).sessionId()).isEqualTo(SESSION);
            }
        }
    }

    @Test
    void an_endpoint_that_never_answers_ends_the_session_as_connect_failed() throws Exception {
        int port = freePort();
        try (FakeSsmEndpoint endpoint = FakeSsmEndpoint.start(); WardenClient client = client(endpoint)) {
            long started = System.nanoTime();
            CompletableFuture<PortSession> session = client.attachPortSession(new SessionCoordinates(SESSION,
                    "TOKEN-a-1", "ws://127.0.0.1:" + port + "/v1/data-channel/" + SESSION), null, LocalPort.none(),
                    null);
            SessionEnd end = session.handle((ok, error) -> ((SessionEndedException) error).end())
                    .get(10, TimeUnit.SECONDS);
            assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CONNECT_FAILED);
            assertThat(end.cause()).isInstanceOf(EndpointUnreachableException.class);
            // Five attempts with 50..400 ms between them: more than a single try, far less than a hang.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(150),
                    Duration.ofSeconds(5));
        }
    }

    private static WardenClient client(FakeSsmEndpoint endpoint) {
        return WardenClient.builder().region("us-east-1").credentials(new TestCredentials(Instant.now()
                        .plusSeconds(3600))).ssmEndpoint(endpoint.uri())
                .options(ClientOptions.builder().backoff(Duration.ofMillis(50), Duration.ofMillis(400)).build())
                .build();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
