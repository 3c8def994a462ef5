package dev.warden.client.e2e;

import dev.warden.client.ClientOptions;
import dev.warden.client.SessionEnd;
import dev.warden.client.SessionListener;
import dev.warden.client.WardenClient;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resume against the real sandbox: data channels dropped mid-transfer come back through ResumeSession with no
 * byte lost or repeated; credentials that live a few seconds expire again and again under a running session,
 * which survives because every resume and every upgrade uses freshly resolved credentials (before expiry with the
 * make-before-break resume, or after the service drops the connection without it); static credentials that
 * expire end the session at once with a clear, typed reason instead of a retry storm.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResumeEndToEndTest {

    private SandboxFixture fixture;
    private WardenClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void data_channel_drops_mid_transfer_lose_no_byte() throws Exception {
        fixture = new SandboxFixture("""
                dataPlane:
                  payloadSize: 8192
                faults:
                  dropDataChannelAfter: 400ms
                """);
        client = fixture.client(fixture.staticCredentials(), ClientOptions.builder().chunkSize(8192).build());
        Resumes resumes = new Resumes();
        PortSession session = client.startPortSession(SandboxFixture.portForwarding(SandboxFixture.NEW_AGENT, 80),
                LocalPort.listen(0), resumes).get(20, TimeUnit.SECONDS);
        InetSocketAddress local = session.localAddress().orElseThrow();
        try (Socket socket = new Socket(local.getAddress(), local.getPort())) {
            EchoTransfer.Result result = new EchoTransfer().run(socket.getInputStream(), socket.getOutputStream(),
                    40L * 1024 * 1024, 7);
            assertThat(result.received()).isEqualTo(result.sent());
            assertThat(result.receivedDigest()).isEqualTo(result.sentDigest());
        }
        assertThat(resumes.lost).as("connections lost and resumed during the transfer").isGreaterThanOrEqualTo(1);
        assertThat(resumes.triggers).contains(SessionListener.ResumeTrigger.CONNECTION_LOST);
        assertThat(session.completion()).isNotDone();
    }

    @Test
    void session_outlives_credentials_of_a_few_seconds_with_make_before_break_resumes() throws Exception {
        fixture = new SandboxFixture("""
                sts:
                  minimumDurationSeconds: 1
                """);
        try (ShortLivedCredentials credentials = new ShortLivedCredentials(fixture, 3, Duration.ofMillis(2000))) {
            client = fixture.client(credentials, ClientOptions.builder()
                    .proactiveResume(true, Duration.ofMillis(1000)).build());
            Resumes resumes = new Resumes();
            PortSession session = client.startPortSession(
                    SandboxFixture.portForwarding(SandboxFixture.NEW_AGENT, 80), LocalPort.listen(0), resumes)
                    .get(20, TimeUnit.SECONDS);
            trickle(session, Duration.ofSeconds(8));
            assertThat(credentials.issued()).as("credential sets issued").isGreaterThanOrEqualTo(3);
            assertThat(resumes.triggers).as("resumes").filteredOn(
                    t -> t == SessionListener.ResumeTrigger.CREDENTIALS_EXPIRING).hasSizeGreaterThanOrEqualTo(2);
            assertThat(session.completion()).isNotDone();
        }
    }

    @Test
    void session_outlives_credentials_of_a_few_seconds_when_the_service_drops_the_connection() throws Exception {
        fixture = new SandboxFixture("""
                sts:
                  minimumDurationSeconds: 1
                """);
        try (ShortLivedCredentials credentials = new ShortLivedCredentials(fixture, 2, Duration.ofMillis(500))) {
            client = fixture.client(credentials, ClientOptions.builder()
                    .proactiveResume(false, Duration.ofSeconds(1)).build());
            Resumes resumes = new Resumes();
            PortSession session = client.startPortSession(
                    SandboxFixture.portForwarding(SandboxFixture.NEW_AGENT, 80), LocalPort.listen(0), resumes)
                    .get(20, TimeUnit.SECONDS);
            trickle(session, Duration.ofSeconds(6));
            assertThat(resumes.triggers).as("resumes after the service closed expired connections")
                    .filteredOn(t -> t == SessionListener.ResumeTrigger.CONNECTION_LOST).hasSizeGreaterThanOrEqualTo(2);
            assertThat(session.completion()).isNotDone();
        }
    }

    @Test
    void expired_static_credentials_end_the_session_with_a_typed_reason() throws Exception {
        fixture = new SandboxFixture("""
                sts:
                  minimumDurationSeconds: 1
                """);
        try (ShortLivedCredentials sts = new ShortLivedCredentials(fixture, 2, Duration.ZERO)) {
            AwsSessionCredentials issued = sts.issue();
            // As environment variables would carry them: the same keys, no expiry known to the process.
            AwsSessionCredentials asEnvironment = AwsSessionCredentials.create(issued.accessKeyId(),
                    issued.secretAccessKey(), issued.sessionToken());
            client = fixture.client(StaticCredentialsProvider.create(asEnvironment), ClientOptions.defaults());
            PortSession session = client.startPortSession(
                    SandboxFixture.portForwarding(SandboxFixture.NEW_AGENT, 80), LocalPort.listen(0), null)
                    .get(20, TimeUnit.SECONDS);
            long started = System.nanoTime();
            SessionEnd end = session.completion().get(20, TimeUnit.SECONDS);
            assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CREDENTIALS_EXPIRED);
            assertThat(end.message()).contains("cannot be refreshed").doesNotContain(issued.secretAccessKey())
                    .doesNotContain(issued.sessionToken());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    /** Echoes small writes through the session's listener for {@code duration}, checking every byte. */
    private static void trickle(PortSession session, Duration duration) throws Exception {
        InetSocketAddress local = session.localAddress().orElseThrow();
        try (Socket socket = new Socket(local.getAddress(), local.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            long until = System.nanoTime() + duration.toNanos();
            int round = 0;
            while (System.nanoTime() < until) {
                byte[] sent = ("round " + round++ + " of a session that must not notice its credentials expire\n")
                        .repeat(50).getBytes();
                out.write(sent);
                out.flush();
                byte[] back = in.readNBytes(sent.length);
                assertThat(back).as("echo of round %d", round).isEqualTo(sent);
                Thread.sleep(50);
            }
        }
    }

    /** Records resumes. */
    private static final class Resumes implements SessionListener {
        final List<ResumeTrigger> triggers = new CopyOnWriteArrayList<>();
        volatile int lost;

        @Override
        public void onConnectionLost(Throwable cause) {
            lost++;
        }

        @Override
        public void onResumed(ResumeTrigger trigger, int connectionNumber, Duration took) {
            triggers.add(trigger);
        }
    }
}
