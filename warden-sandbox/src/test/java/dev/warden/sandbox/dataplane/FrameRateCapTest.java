package dev.warden.sandbox.dataplane;

import static dev.warden.sandbox.dataplane.DataPlaneHarness.NEW_AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.protocol.frame.PayloadType;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

/**
 * The per-session frame-rate cap throttles instead of dropping: 150 client frames at a cap of 100 frames per
 * second (burst 10) cannot all reach the destination in less than 1.4 s, while every byte still arrives.
 * Without the cap the same transfer takes a few milliseconds on loopback. The cap counts data messages only: the
 * client's acknowledgements pass at once, even while its stream frames wait.
 */
class FrameRateCapTest {

    private static final int FRAMES = 150;
    private static final int CAP = 100;
    private static DataPlaneHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new DataPlaneHarness("""
                faults:
                  maxFramesPerSecond: %d
                """.formatted(CAP));
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void clientFramesBeyondTheCapWaitButAllArrive() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient client = new ProtocolClient("1.2.764.0").connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            long begin = System.nanoTime();
            for (int i = 0; i < FRAMES; i++) {
                byte[] chunk = ("frame-" + (1000 + i) + "\n").getBytes();
                sent.writeBytes(chunk);
                client.send(PayloadType.OUTPUT, chunk);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> client.output().length >= sent.size());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
            assertThat(client.output()).isEqualTo(sent.toByteArray());
            long burst = CAP / 10;
            Duration floor = Duration.ofMillis((FRAMES - burst) * 1000L / CAP);
            assertThat(elapsed).isGreaterThanOrEqualTo(floor);
        }
    }

    @Test
    void acknowledgementsDoNotWaitBehindStreamFramesHeldByTheCap() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient client = new ProtocolClient("1.2.764.0").connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            for (int i = 0; i < FRAMES; i++) {
                byte[] chunk = ("frame-" + (1000 + i) + "\n").getBytes();
                sent.writeBytes(chunk);
                client.send(PayloadType.OUTPUT, chunk);
            }
            // The echo of the first frames comes back while the last ones still wait (1.4 s at this cap). Had the
            // client's acknowledgements of that echo waited behind them, longer than the agent's retransmission
            // timeout (at most 1 s), the agent would have sent its messages again and the client received copies.
            await().atMost(Duration.ofSeconds(30)).until(() -> client.output().length >= sent.size());
            assertThat(client.output()).isEqualTo(sent.toByteArray());
            Thread.sleep(1_000); // a retransmission of the last echoed messages would arrive in this second
            long duplicates = client.thread().submit(() -> client.channel().stats().duplicatesReceived()).get();
            // A stall of a loaded machine may still time out a message or two; acknowledgements held behind the
            // queue time out dozens of them (29 in a run with the acknowledgements queued).
            assertThat(duplicates).as("the agent's messages received twice").isLessThanOrEqualTo(2);
        }
    }
}
