package dev.warden.client.transport;

import dev.warden.client.ClientOptions;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.WardenClient;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortSession;
import dev.warden.client.port.PortStream;
import dev.warden.client.session.SessionEndedException;
import dev.warden.client.testing.ClientFrames;
import dev.warden.client.testing.FakeSsmEndpoint;
import dev.warden.client.testing.ScriptedDataChannelServer;
import dev.warden.client.testing.TestCredentials;
import dev.warden.client.testing.Transcript;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data channel over {@code wss://}, as with real AWS: the upgrade, OpenDataChannel and data go through TLS
 * with host name verification against a certificate for 127.0.0.1; a certificate the client does not trust fails
 * the connection with a TLS error, typed, before any token is sent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsDataChannelTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String SESSION = "sess-a-0123456789abcdef0";

    @TempDir
    static Path dir;
    private static KeyStore keyStore;

    @BeforeAll
    static void certificate() throws Exception {
        Path file = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, PASSWORD);
        }
    }

    private static SslContext serverContext() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        return SslContextBuilder.forServer(keys).build();
    }

    @Test
    void carries_a_session_over_wss_with_a_trusted_certificate() throws Exception {
        Transcript a = Transcript.load("a-port-stdio.jsonl");
        ClientOptions options = ClientOptions.builder()
                .webSocket(WebSocketSettings.defaults().withTls(TlsSettings.trusting(keyStore))).build();
        try (ScriptedDataChannelServer server = ScriptedDataChannelServer.startTls(serverContext());
             FakeSsmEndpoint endpoint = FakeSsmEndpoint.start();
             WardenClient client = WardenClient.builder().region("us-east-1")
                     .credentials(new TestCredentials(Instant.now().plusSeconds(3600))).ssmEndpoint(endpoint.uri())
                     .options(options).build()) {
            String url = server.streamUrl(SESSION, "AAEAAb+c/d==");
            assertThat(url).startsWith("wss://");
            CompletableFuture<PortSession> session = client.attachPortSession(new SessionCoordinates(SESSION,
                    "TOKEN-a-1", url), null, LocalPort.none(), null);
            ScriptedDataChannelServer.PeerConnection peer = server.nextConnection(Duration.ofSeconds(10));
            assertThat(peer.headers().get("Authorization")).contains("/ssmmessages/aws4_request");
            assertThat(peer.nextText(Duration.ofSeconds(5))).contains("\"TokenValue\":\"TOKEN-a-1\"");
            ClientFrames frames = new ClientFrames();
            peer.send(Transcript.frameBytes(a.line(7)));
            frames.expectAck(peer, 0, Duration.ofSeconds(5));
            frames.expectData(peer, 0, Duration.ofSeconds(5));
            peer.send(Transcript.frameBytes(a.line(11)));
            frames.expectAck(peer, 1, Duration.ofSeconds(5));
            PortStream stream = session.get(5, TimeUnit.SECONDS).openStream();
            stream.output().write("through TLS".getBytes(StandardCharsets.US_ASCII));
            stream.output().flush();
            assertThat(frames.expectData(peer, 1, Duration.ofSeconds(5)).payload())
                    .isEqualTo("through TLS".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void an_untrusted_certificate_fails_the_connection_with_a_tls_error() throws Exception {
        try (ScriptedDataChannelServer server = ScriptedDataChannelServer.startTls(serverContext());
             FakeSsmEndpoint endpoint = FakeSsmEndpoint.start();
             WardenClient client = WardenClient.builder().region("us-east-1")
                     .credentials(new TestCredentials(Instant.now().plusSeconds(3600))).ssmEndpoint(endpoint.uri())
                     .options(ClientOptions.defaults()).build()) {
            CompletableFuture<PortSession> session = client.attachPortSession(new SessionCoordinates(SESSION,
                    "TOKEN-a-1", server.streamUrl(SESSION, "AAEAAb+c/d==")), null, LocalPort.none(), null);
            assertThat(session).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                    .withCauseInstanceOf(SessionEndedException.class);
            SessionEnd end = session.handle((ok, error) -> ((SessionEndedException) error).end()).get();
            assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CONNECT_FAILED);
            assertThat(end.cause()).isInstanceOf(TlsHandshakeException.class);
            assertThat(server.nextConnection(Duration.ofMillis(200))).as("no upgrade, so no token sent").isNull();
        }
    }
}
