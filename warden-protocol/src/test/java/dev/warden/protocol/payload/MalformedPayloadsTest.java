package dev.warden.protocol.payload;

import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.PayloadType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Inputs that are not what their payload type prescribes are typed failures, never exceptions. */
class MalformedPayloadsTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                // Size
                arguments(PayloadType.SIZE, "{\"cols\":120}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.SIZE, "{\"cols\":-1,\"rows\":40}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.SIZE, "{\"cols\":4294967296,\"rows\":40}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.SIZE, "{\"cols\":120.0,\"rows\":40}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.SIZE, "{\"cols\":\"120\",\"rows\":40}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.SIZE, "{\"cols\":null,\"rows\":40}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.SIZE, "{\"cols\":120,\"rows\":40} {}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.SIZE, "{\"cols\":120,", Kind.BAD_PAYLOAD),
                arguments(PayloadType.SIZE, "[120,40]", Kind.BAD_PAYLOAD),
                arguments(PayloadType.SIZE, "null", Kind.BAD_PAYLOAD),
                arguments(PayloadType.SIZE, "", Kind.BAD_PAYLOAD),
                // ExitCode
                arguments(PayloadType.EXIT_CODE, "EXIT_CODE:2", Kind.BAD_PAYLOAD),
                arguments(PayloadType.EXIT_CODE, "EXIT_CODE: ", Kind.BAD_PAYLOAD),
                arguments(PayloadType.EXIT_CODE, "EXIT_CODE: 02", Kind.BAD_PAYLOAD),
                arguments(PayloadType.EXIT_CODE, "EXIT_CODE: -0", Kind.BAD_PAYLOAD),
                arguments(PayloadType.EXIT_CODE, "EXIT_CODE: -", Kind.BAD_PAYLOAD),
                arguments(PayloadType.EXIT_CODE, "EXIT_CODE: +2", Kind.BAD_PAYLOAD),
                arguments(PayloadType.EXIT_CODE, "EXIT_CODE: 2\n", Kind.BAD_PAYLOAD),
                arguments(PayloadType.EXIT_CODE, "EXIT_CODE: 2147483648", Kind.BAD_PAYLOAD),
                arguments(PayloadType.EXIT_CODE, "exit_code: 2", Kind.BAD_PAYLOAD),
                arguments(PayloadType.EXIT_CODE, "", Kind.BAD_PAYLOAD),
                // HandshakeComplete
                arguments(PayloadType.HANDSHAKE_COMPLETE, "{\"HandshakeTimeToComplete\":15263451}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_COMPLETE, "{\"HandshakeTimeToComplete\":1.5,\"CustomerMessage\":\"\"}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_COMPLETE, "{\"HandshakeTimeToComplete\":9223372036854775808,\"CustomerMessage\":\"\"}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_COMPLETE, "{\"HandshakeTimeToComplete\":1,\"CustomerMessage\":7}", Kind.BAD_PAYLOAD),
                // HandshakeRequest
                arguments(PayloadType.HANDSHAKE_REQUEST, "{\"RequestedClientActions\":[]}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_REQUEST, "{\"AgentVersion\":\"3.3.0.0\",\"RequestedClientActions\":{}}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_REQUEST, "{\"AgentVersion\":\"3.3.0.0\",\"RequestedClientActions\":[7]}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_REQUEST, "{\"AgentVersion\":\"3.3.0.0\",\"RequestedClientActions\":[{\"ActionParameters\":{}}]}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_REQUEST, "{\"AgentVersion\":\"3.3.0.0\",\"RequestedClientActions\":[{\"ActionType\":\"SessionType\"}]}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_REQUEST, "{\"AgentVersion\":\"3.3.0.0\",\"RequestedClientActions\":[{\"ActionType\":\"SessionType\",\"ActionParameters\":{\"SessionType\":1}}]}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_REQUEST, "{\"AgentVersion\":\"3.3.0.0\",\"RequestedClientActions\":[{\"ActionType\":\"SessionType\",\"ActionParameters\":{\"SessionType\":\"Port\",\"Properties\":\"22\"}}]}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_REQUEST, "{\"AgentVersion\":\"3.3.0.0\",\"RequestedClientActions\":[{\"ActionType\":\"KMSEncryption\",\"ActionParameters\":{\"Challenge\":\"x\"}}]}", Kind.BAD_PAYLOAD),
                // HandshakeResponse
                arguments(PayloadType.HANDSHAKE_RESPONSE, "{\"ProcessedClientActions\":[],\"Errors\":null}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_RESPONSE, "{\"ClientVersion\":\"1\",\"ProcessedClientActions\":[{\"ActionType\":\"SessionType\",\"ActionStatus\":\"1\",\"ActionResult\":null,\"Error\":\"\"}],\"Errors\":null}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_RESPONSE, "{\"ClientVersion\":\"1\",\"ProcessedClientActions\":[{\"ActionType\":\"KMSEncryption\",\"ActionStatus\":1,\"ActionResult\":{\"KMSCipherTextKey\":\"%%%\"},\"Error\":\"\"}],\"Errors\":null}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_RESPONSE, "{\"ClientVersion\":\"1\",\"ProcessedClientActions\":[{\"ActionType\":\"KMSEncryption\",\"ActionStatus\":1,\"ActionResult\":{\"KMSCipherTextKey\":\"AA==\",\"ChallengeAcknowledgement\":\"yes\"},\"Error\":\"\"}],\"Errors\":null}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.HANDSHAKE_RESPONSE, "{\"ClientVersion\":\"1\",\"ProcessedClientActions\":[],\"Errors\":[1]}", Kind.BAD_PAYLOAD),
                // EncChallengeRequest / Response
                arguments(PayloadType.ENC_CHALLENGE_REQUEST, "{}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.ENC_CHALLENGE_REQUEST, "{\"Challenge\":\"not base64!\"}", Kind.BAD_PAYLOAD),
                arguments(PayloadType.ENC_CHALLENGE_RESPONSE, "{\"Challenge\":[1,2]}", Kind.BAD_PAYLOAD));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformed")
    void isRefused(PayloadType type, String payload, Kind kind) {
        Decoding<? extends StreamPayload> result = StreamPayloads.decode(type, payload.getBytes(StandardCharsets.UTF_8));

        assertThat(result.isOk()).as("%s", result).isFalse();
        assertThat(result.error().kind()).isEqualTo(kind);
    }

    @Test
    void flagPayloadsMustBeFourBytesWithADefinedValue() {
        HexFormat hex = HexFormat.of();
        assertThat(PortFlag.decode(hex.parseHex("000001")).error().kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(PortFlag.decode(new byte[0]).error().kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(PortFlag.decode(hex.parseHex("0000000100")).error().kind()).isEqualTo(Kind.BAD_PAYLOAD);
        assertThat(PortFlag.decode(hex.parseHex("00000000")).error().kind()).isEqualTo(Kind.BAD_PAYLOAD);
        assertThat(PortFlag.decode(hex.parseHex("00000004")).error().kind()).isEqualTo(Kind.BAD_PAYLOAD);
        assertThat(PortFlag.decode(hex.parseHex("01000001")).error().kind()).isEqualTo(Kind.BAD_PAYLOAD);
        assertThat(PortFlag.decode(hex.parseHex("ffffffff")).error().detail()).contains("4294967295");
        assertThat(PortFlag.decode(hex.parseHex("00000003")).value()).isEqualTo(PortFlag.CONNECT_TO_PORT_ERROR);
    }

    @Test
    void invalidUtf8IsABadPayload() {
        Decoding<TerminalSize> result = TerminalSize.decode(HexFormat.of().parseHex("7b22636f6c73ff223a317d"));
        assertThat(result.error().kind()).isEqualTo(Kind.BAD_PAYLOAD);
    }

    @Test
    void agentSessionStateMustNameAKnownState() {
        assertThat(AgentSessionState.decode(bytes("{\"SchemaVersion\":1,\"SessionState\":\"Paused\",\"SessionId\":\"s\"}"))
                .error().kind()).isEqualTo(Kind.BAD_PAYLOAD);
        assertThat(AgentSessionState.decode(bytes("{\"SchemaVersion\":1,\"SessionState\":\"connected\",\"SessionId\":\"s\"}"))
                .isOk()).as("state names are values and match exactly").isFalse();
        assertThat(AgentSessionState.decode(bytes("{\"SessionState\":\"Connected\",\"SessionId\":\"s\"}")).isOk()).isFalse();
    }

    @Test
    void channelClosedToleratesMissingMembersButNotWrongTypes() {
        ChannelClosed empty = ChannelClosed.decode(bytes("{}")).value();
        assertThat(empty).isEqualTo(new ChannelClosed("", "", "", "", "", 0, ""));
        assertThat(ChannelClosed.decode(bytes("{\"SessionId\":\"s\",\"Output\":null}")).value().sessionId()).isEqualTo("s");
        assertThat(ChannelClosed.decode(bytes("{\"Output\":7}")).error().kind()).isEqualTo(Kind.BAD_PAYLOAD);
        assertThat(ChannelClosed.decode(bytes("{\"CreatedDate\":1700000000000}")).error().kind()).isEqualTo(Kind.BAD_PAYLOAD);
        assertThat(ChannelClosed.decode(bytes("[]")).error().kind()).isEqualTo(Kind.BAD_PAYLOAD);
    }

    @Test
    void readingIsAsLenientAsGoWhereGoIsLenient() {
        // Case-insensitive member names, unknown members ignored, the last duplicate wins, whitespace allowed.
        assertThat(TerminalSize.decode(bytes(" {\"COLS\":1,\"Rows\":2,\"extra\":[true]}\n")).value())
                .isEqualTo(new TerminalSize(1, 2));
        assertThat(TerminalSize.decode(bytes("{\"cols\":1,\"Cols\":5,\"rows\":2}")).value()).isEqualTo(new TerminalSize(5, 2));
        assertThat(TerminalSize.decode(bytes("{\"cols\":4294967295,\"rows\":0}")).value())
                .isEqualTo(new TerminalSize(4_294_967_295L, 0));
        assertThat(HandshakeResponse.decode(bytes("{\"ClientVersion\":\"1\"}")).value().processedClientActions()).isEmpty();
    }

    @Test
    void errorsNameTheFieldNotTheValue() {
        String secret = "S3cr3tT0k3nValue";
        for (String input : new String[] {
                "{\"cols\":\"" + secret + "\",\"rows\":1}",
                "{\"cols\":1,\"rows\":1," + secret + "}",
                "{\"cols\":1,\"rows\":1}" + secret}) {
            Decoding<TerminalSize> result = TerminalSize.decode(bytes(input));
            assertThat(result.isOk()).isFalse();
            assertThat(result.error().detail()).doesNotContain(secret).doesNotContain("S3cr");
        }
        assertThat(TerminalSize.decode(bytes("{\"cols\":\"x\",\"rows\":1}")).error().detail())
                .isEqualTo("Size payload member cols is not an integer");
        assertThat(TerminalSize.decode(bytes("{\"cols\":1,")).error().detail()).startsWith("Size payload is not well-formed JSON");
        assertThat(HandshakeRequest.decode(bytes("[]")).error().detail()).isEqualTo("HandshakeRequest payload is not a JSON object");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
