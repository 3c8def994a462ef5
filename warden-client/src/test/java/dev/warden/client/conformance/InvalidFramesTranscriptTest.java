package dev.warden.client.conformance;

import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.testing.ClientFrames;
import dev.warden.client.testing.FakeSsmEndpoint;
import dev.warden.client.testing.ScriptedDataChannelServer;
import dev.warden.client.testing.TestCredentials;
import dev.warden.client.testing.Transcript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transcript e (hand-made bad frames), where this client deliberately differs from the official one: a frame with
 * a wrong digest is dropped without acknowledgement, also when its PayloadLength is 0 (the plugin skips the check
 * then and delivers it); a duplicate is acknowledged again but not delivered; an out-of-order frame is
 * acknowledged and held; an unknown service message and a truncated frame change nothing (the plugin's reader
 * panics on the latter and never reads again); the session keeps working, and channel_closed ends it (the plugin
 * ignored it and had to be killed).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InvalidFramesTranscriptTest {

    private static final Duration STEP = Duration.ofSeconds(10);
    private static final String SESSION = "sess-e-0123456789abcdef0";

    @Test
    void survives_the_bad_frames_that_broke_the_official_client() throws Exception {
        Transcript e = Transcript.load("e-invalid-frames.jsonl");
        try (ScriptedDataChannelServer server = ScriptedDataChannelServer.start();
             FakeSsmEndpoint endpoint = FakeSsmEndpoint.start();
             ClientUnderTest client = new ClientUnderTest(endpoint, new TestCredentials(Instant.now().plusSeconds(
                     3600)), ClientUnderTest.recordedClientOptions().build(), new SessionCoordinates(SESSION,
                     "TOKEN-e-1", server.streamUrl(SESSION, "AAEAAb+c/d==")), null)) {
            ScriptedDataChannelServer.PeerConnection peer = server.nextConnection(STEP);
            assertThat(peer.nextText(STEP)).contains("TOKEN-e-1");
            ClientFrames frames = new ClientFrames();
            peer.send(Transcript.frameBytes(e.line(7)));
            frames.expectAck(peer, 0, STEP);
            frames.expectData(peer, 0, STEP);
            peer.send(Transcript.frameBytes(e.line(10)));
            peer.send(Transcript.frameBytes(e.line(11)));
            frames.expectAck(peer, 1, STEP);
            client.stream(); // the caller's stream is open before data comes

            peer.send(Transcript.frameBytes(e.line(13)));                 // seq 2, digest all zero
            peer.send(Transcript.frameBytes(e.line(14)));                 // seq 2, valid
            assertThat(frames.expectAck(peer, 2, STEP).payload())
                    .as("the acknowledgement names the valid frame, not the corrupt one")
                    .isEqualTo(Transcript.payload(e.line(15)));
            peer.send(Transcript.frameBytes(e.line(16)));                 // duplicate seq 2
            peer.send(Transcript.frameBytes(e.line(17)));                 // seq 4, out of order
            frames.expectAck(peer, 4, STEP);
            peer.send(Transcript.frameBytes(e.line(19)));                 // seq 3 fills the gap
            frames.expectAck(peer, 3, STEP);
            peer.send(Transcript.frameBytes(e.line(21)));                 // seq 5, PayloadLength 0, wrong digest
            peer.send(Transcript.frameBytes(e.line(23)));                 // agent_session_state
            peer.send(Transcript.frameBytes(e.line(24)));                 // 118 bytes, truncated
            peer.send(Transcript.frameBytes(e.line(25)));                 // seq 6: ahead, since 5 was refused
            frames.expectAck(peer, 6, STEP);

            client.write("client-data-after-panic\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(frames.expectData(peer, 1, STEP).payload()).isEqualTo(Transcript.payload(e.line(27)));
            peer.send(Transcript.frameBytes(e.line(28)));                 // its acknowledgement
            peer.send(Transcript.frameBytes(e.line(49)));                 // channel_closed

            SessionEnd end = client.end();
            assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CLOSED_BY_SERVICE);
            assertThat(new String(client.receivedUntilEnd(), StandardCharsets.US_ASCII))
                    .isEqualTo("ok-2\nok-3\nok-4\n");
            assertThat(frames.tolerated()).containsExactly("re-ack 2");
        }
    }
}
