package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.testing.SharedVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payloads of the shared frames.json with a structure of their own (Size, Flag, StdErr, ExitCode,
 * channel_closed and the handshake types) decode into their types and re-encode to the identical bytes.
 */
class FramePayloadVectorsTest {

    private static final Set<PayloadType> TYPED = Set.of(PayloadType.SIZE, PayloadType.FLAG, PayloadType.STDERR,
            PayloadType.EXIT_CODE, PayloadType.HANDSHAKE_REQUEST, PayloadType.HANDSHAKE_RESPONSE,
            PayloadType.HANDSHAKE_COMPLETE, PayloadType.ENC_CHALLENGE_REQUEST, PayloadType.ENC_CHALLENGE_RESPONSE);

    /** What specific frames must decode to, beyond re-encoding to the same bytes. */
    private static final Map<String, Object> EXPECTED = Map.of(
            "input-size", new TerminalSize(120, 40),
            "input-flag-disconnect", PortFlag.DISCONNECT_TO_PORT,
            "input-flag-terminate", PortFlag.TERMINATE_SESSION,
            "output-flag-connect-error", PortFlag.CONNECT_TO_PORT_ERROR,
            "output-exitcode", new ExitCode(2),
            "output-stderr", new StreamBytes(PayloadType.STDERR,
                    "ls: cannot access 'nope': No such file or directory\n".getBytes()),
            "output-handshake-complete", new HandshakeComplete(15_263_451L, ""),
            "channel-closed-empty-output", new ChannelClosed("e7a3c2d1-0b4f-4e6a-9c8d-7f6e5d4c3b2a",
                    "2023-11-14T22:13:29.000Z", "i-0123456789abcdef0", "sess-0123456789abcdef0",
                    MessageTypes.CHANNEL_CLOSED, 1, ""),
            "channel-closed-with-output", new ChannelClosed("e7a3c2d1-0b4f-4e6a-9c8d-7f6e5d4c3b2b",
                    "2023-11-14T22:13:29.500Z", "i-0123456789abcdef0", "sess-0123456789abcdef0",
                    MessageTypes.CHANNEL_CLOSED, 1, "Session terminated by the administrator."));

    @TestFactory
    List<DynamicTest> typedPayloadsRoundTrip() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : SharedVectors.read("frames.json").get("frames")) {
            Decoding<ClientMessage> frame = FrameCodec.decode(SharedVectors.hex(vector.get("frameHex")));
            assertThat(frame.isOk()).as("%s", frame).isTrue();
            ClientMessage message = frame.value();
            String name = vector.get("name").asText();
            if (message.messageType().equals(MessageTypes.CHANNEL_CLOSED)) {
                tests.add(DynamicTest.dynamicTest(name, () -> channelClosedRoundTrips(name, message.payload())));
            } else if (message.knownPayloadType().filter(TYPED::contains).isPresent()
                    && !message.messageType().equals(MessageTypes.ACKNOWLEDGE)) {
                tests.add(DynamicTest.dynamicTest(name, () -> streamPayloadRoundTrips(name, message)));
            }
        }
        // 2 channel_closed, Size, 3 Flag, StdErr, ExitCode, and one frame of each of the 5 handshake types.
        assertThat(tests).hasSize(14);
        return tests;
    }

    private static void streamPayloadRoundTrips(String name, ClientMessage message) {
        PayloadType type = message.knownPayloadType().orElseThrow();
        Decoding<? extends StreamPayload> decoded = StreamPayloads.decode(type, message.payload());

        assertThat(decoded.isOk()).as("%s: %s", name, decoded).isTrue();
        assertThat(decoded.value().payloadType()).isEqualTo(type);
        assertThat(decoded.value().encode()).isEqualTo(message.payload());
        if (EXPECTED.containsKey(name)) {
            assertThat(decoded.value()).isEqualTo(EXPECTED.get(name));
        }
    }

    private static void channelClosedRoundTrips(String name, byte[] payload) {
        ChannelClosed closed = ChannelClosed.decode(payload).value();

        assertThat(closed).isEqualTo(EXPECTED.get(name));
        assertThat(closed.encode()).isEqualTo(payload);
    }
}
