package dev.warden.sandbox.dataplane;

import static dev.warden.sandbox.dataplane.DataPlaneHarness.NEW_AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

/**
 * Random and damaged input on data channels: the sandbox drops what does not decode, keeps the attacked session
 * working or closes it cleanly, and never disturbs another session or stops serving new ones.
 */
class HostileInputTest extends DefaultHarnessTest {

    private static final String CLIENT = "1.2.764.0";

    @Test
    void randomAndMutatedFramesAreDroppedWithoutHarmToAnyone() throws Exception {
        StartSessionResponse bystanderSession = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        StartSessionResponse attackedSession = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient bystander = new ProtocolClient(CLIENT)
                .connect(bystanderSession.streamUrl(), bystanderSession.tokenValue());
             ProtocolClient attacked = new ProtocolClient(CLIENT)
                     .connect(attackedSession.streamUrl(), attackedSession.tokenValue())) {
            bystander.handshakeComplete().get(5, TimeUnit.SECONDS);
            attacked.handshakeComplete().get(5, TimeUnit.SECONDS);

            Random random = new Random(42);
            byte[] valid = FrameCodec.encodeToArray(ClientMessage.stream(MessageTypes.INPUT_STREAM_DATA, 1, 0,
                    PayloadType.OUTPUT, "payload that must never reach the destination".getBytes(),
                    System.currentTimeMillis(), UUID.randomUUID()));
            for (int i = 0; i < 400; i++) {
                byte[] junk = new byte[random.nextInt(300)];
                random.nextBytes(junk);
                attacked.socket().sendBinary(junk);
                attacked.socket().sendBinary(mutate(valid, random));
            }
            attacked.socket().sendText("{\"not\":\"a second OpenDataChannel\"}");

            // The attacked session still forwards exactly the client's bytes, so nothing damaged got through.
            byte[] data = PortForwardingTest.randomBytes(3000, 21);
            attacked.sendOutput(data);
            await().atMost(Duration.ofSeconds(10)).until(() -> attacked.output().length >= data.length);
            assertThat(attacked.output()).isEqualTo(data);

            byte[] other = PortForwardingTest.randomBytes(2000, 22);
            bystander.sendOutput(other);
            await().atMost(Duration.ofSeconds(10)).until(() -> bystander.output().length >= other.length);
            assertThat(bystander.output()).isEqualTo(other);
            assertThat(bystander.socket().closed()).isNotDone();
        }
        assertANewSessionWorks();
    }

    @Test
    void garbageInsteadOfAnHttpRequestIsClosedAndTheServerKeepsServing() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", harness.sandbox.dataChannelBase().getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            byte[] junk = new byte[4096];
            new Random(7).nextBytes(junk);
            out.write(junk);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            int total = 0;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                assertThat(total).isLessThan(1 << 20);
            }
        }
        assertANewSessionWorks();
    }

    @Test
    void anOversizedMessageClosesOnlyItsConnection() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            try {
                client.socket().sendBinary(new byte[2 * 1024 * 1024]);
            } catch (RuntimeException e) {
                // the server may close before the whole message is written
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> harness.sandbox.dataPlane().openConnections(started.sessionId()) == 0);
        }
        assertANewSessionWorks();
    }

    private static void assertANewSessionWorks() throws Exception {
        StartSessionResponse fresh = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(fresh.streamUrl(), fresh.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            client.sendOutput("still here".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(10)).until(() -> client.output().length >= 10);
            assertThat(new String(client.output(), StandardCharsets.UTF_8)).isEqualTo("still here");
        }
    }

    /**
     * A copy of {@code frame} with one byte changed where it must make the frame undeliverable: HeaderLength, the
     * MessageType, the payload digest, PayloadLength or the payload itself. (A changed PayloadType would still
     * be a valid message of an unknown type, which the agent acknowledges and ignores.)
     */
    private static byte[] mutate(byte[] frame, Random random) {
        byte[] copy = frame.clone();
        // Only the letters of the MessageType: a padding space turned into NUL is still valid padding.
        int[][] regions = {{0, 4}, {4, 4 + MessageTypes.INPUT_STREAM_DATA.length()}, {80, 112}, {116, 120},
                {120, frame.length}};
        int[] region = regions[random.nextInt(regions.length)];
        int at = region[0] + random.nextInt(region[1] - region[0]);
        copy[at] = (byte) (copy[at] ^ (1 + random.nextInt(255)));
        return copy;
    }
}
