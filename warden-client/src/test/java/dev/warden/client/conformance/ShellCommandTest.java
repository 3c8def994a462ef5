package dev.warden.client.conformance;

import dev.warden.client.ClientOptions;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.WardenClient;
import dev.warden.client.shell.ShellSession;
import dev.warden.client.testing.ClientFrames;
import dev.warden.client.testing.FakeSsmEndpoint;
import dev.warden.client.testing.RecordingShellListener;
import dev.warden.client.testing.ScriptedDataChannelServer;
import dev.warden.client.testing.TestCredentials;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.ChannelClosed;
import dev.warden.protocol.payload.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command session (NonInteractiveCommands with separate output, as the agent runs it): standard output, standard
 * error (PayloadType 11) and the exit code (PayloadType 12, {@code EXIT_CODE: n}) reach the caller separately,
 * each acknowledged, and channel_closed with the service's Output text ends the session with it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShellCommandTest {

    private static final Duration STEP = Duration.ofSeconds(10);
    private static final String SESSION = "sess-x-0123456789abcdef0";

    @Test
    void delivers_output_stderr_and_the_exit_code_then_ends_with_the_services_text() throws Exception {
        RecordingShellListener listener = new RecordingShellListener();
        try (ScriptedDataChannelServer server = ScriptedDataChannelServer.start();
             FakeSsmEndpoint endpoint = FakeSsmEndpoint.start();
             WardenClient client = WardenClient.builder().region("us-east-1")
                     .credentials(new TestCredentials(Instant.now().plusSeconds(3600))).ssmEndpoint(endpoint.uri())
                     .options(ClientOptions.defaults()).build()) {
            CompletableFuture<ShellSession> session = client.attachShellSession(new SessionCoordinates(SESSION, "T",
                    server.streamUrl(SESSION, "AAEAAb+c/d==")), "i-0123456789abcdef0", listener, null, null);
            ScriptedDataChannelServer.PeerConnection peer = server.nextConnection(STEP);
            assertThat(peer.nextText(STEP)).contains("\"TokenValue\":\"T\"");
            ClientFrames frames = new ClientFrames();

            peer.send(agent(0, PayloadType.OUTPUT, "total 0\n".getBytes(StandardCharsets.UTF_8)));
            frames.expectAck(peer, 0, STEP);
            peer.send(agent(1, PayloadType.STDERR, "ls: cannot access 'x'\n".getBytes(StandardCharsets.UTF_8)));
            frames.expectAck(peer, 1, STEP);
            peer.send(agent(2, PayloadType.EXIT_CODE, new ExitCode(2).encode()));
            frames.expectAck(peer, 2, STEP);
            assertThat(listener.exitCode().get(5, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(listener.text()).isEqualTo("total 0\n");
            assertThat(listener.stderr()).isEqualTo("ls: cannot access 'x'\n");

            byte[] closed = new ChannelClosed(UUID.randomUUID().toString(), "2026-11-24T00:00:00.000Z",
                    "i-0123456789abcdef0", SESSION, MessageTypes.CHANNEL_CLOSED, 1, "Command exited").encode();
            peer.send(FrameCodec.encodeToArray(new ClientMessage(MessageTypes.CHANNEL_CLOSED, 1,
                    System.currentTimeMillis(), 0, 0, UUID.randomUUID(), 0, closed)));
            SessionEnd end = session.get(5, TimeUnit.SECONDS).completion().get(5, TimeUnit.SECONDS);
            assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CLOSED_BY_SERVICE);
            assertThat(end.message()).isEqualTo("SessionId: " + SESSION + " : Command exited");
        }
    }

    private static byte[] agent(long seq, PayloadType type, byte[] payload) {
        return FrameCodec.encodeToArray(ClientMessage.stream(MessageTypes.OUTPUT_STREAM_DATA, seq, seq == 0 ? 1 : 0,
                type, payload, System.currentTimeMillis(), UUID.randomUUID()));
    }
}
