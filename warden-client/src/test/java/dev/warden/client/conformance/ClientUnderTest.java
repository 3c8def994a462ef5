package dev.warden.client.conformance;

import dev.warden.client.ClientOptions;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.SessionListener;
import dev.warden.client.WardenClient;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortSession;
import dev.warden.client.port.PortStream;
import dev.warden.client.testing.FakeSsmEndpoint;
import dev.warden.client.testing.TestCredentials;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WardenClient} with one port session whose single stream a test drives like the plugin's standard
 * input and output: writes go to the stream, everything read is collected until end-of-stream.
 */
final class ClientUnderTest implements AutoCloseable {

    final TestCredentials credentials;
    final WardenClient client;
    final CompletableFuture<PortSession> session;
    private PortStream stream;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> allReceived = new CompletableFuture<>();

    ClientUnderTest(FakeSsmEndpoint endpoint, TestCredentials credentials, ClientOptions options,
                    SessionCoordinates started, SessionListener listener) {
        this.credentials = credentials;
        this.client = WardenClient.builder().region("us-east-1").credentials(credentials)
                .ssmEndpoint(endpoint.uri()).kmsEndpoint(endpoint.uri()).options(options).build();
        this.session = client.attachPortSession(started, "i-0123456789abcdef0", LocalPort.none(), listener);
    }

    /** The official client's version, so that the HandshakeResponse can be compared byte for byte. */
    static ClientOptions.Builder recordedClientOptions() {
        return ClientOptions.builder().clientVersion("1.2.677.0").backoff(Duration.ofMillis(20),
                Duration.ofMillis(200));
    }

    synchronized PortStream stream() throws Exception {
        if (stream == null) {
            stream = session.get(10, TimeUnit.SECONDS).openStream();
            InputStream in = stream.input();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        synchronized (received) {
                            received.write(buffer, 0, n);
                        }
                    }
                    allReceived.complete(received.toByteArray());
                } catch (IOException e) {
                    allReceived.completeExceptionally(e);
                }
            }, "stream-reader");
            reader.setDaemon(true);
            reader.start();
        }
        return stream;
    }

    void write(byte[] bytes) throws Exception {
        stream().output().write(bytes);
        stream().output().flush();
    }

    /** Everything read from the stream, once it reached end-of-stream. */
    byte[] receivedUntilEnd() throws Exception {
        return allReceived.get(10, TimeUnit.SECONDS);
    }

    SessionEnd end() throws Exception {
        return session.get(10, TimeUnit.SECONDS).completion().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        client.close();
    }
}
