package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.protocol.Decoding;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.From;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every payload type survives encode then decode unchanged, for arbitrary field values. */
class PayloadRoundTripProperties {

    @Property
    void terminalSize(@ForAll @LongRange(max = 0xFFFF_FFFFL) long cols, @ForAll @LongRange(max = 0xFFFF_FFFFL) long rows) {
        roundTrips(new TerminalSize(cols, rows), TerminalSize.decode(new TerminalSize(cols, rows).encode()));
        assertThat(new String(new TerminalSize(cols, rows).encode())).isEqualTo("{\"cols\":" + cols + ",\"rows\":" + rows + "}");
    }

    @Property
    void portFlag(@ForAll PortFlag flag) {
        roundTrips(flag, PortFlag.decode(flag.encode()));
        assertThat(flag.encode()).hasSize(PortFlag.LENGTH);
    }

    @Property
    void exitCode(@ForAll int code) {
        roundTrips(new ExitCode(code), ExitCode.decode(new ExitCode(code).encode()));
    }

    @Property
    void handshakeComplete(@ForAll long nanos, @ForAll("goStrings") String message) {
        HandshakeComplete complete = new HandshakeComplete(nanos, message);
        roundTrips(complete, HandshakeComplete.decode(complete.encode()));
    }

    @Property
    void encryptionChallenges(@ForAll @Size(max = 200) byte[] challenge) {
        roundTrips(new EncChallengeRequest(challenge), EncChallengeRequest.decode(new EncChallengeRequest(challenge).encode()));
        roundTrips(new EncChallengeResponse(challenge), EncChallengeResponse.decode(new EncChallengeResponse(challenge).encode()));
    }

    @Property
    void agentSessionState(@ForAll int schemaVersion, @ForAll AgentSessionState.SessionState state,
                           @ForAll("goStrings") String sessionId) {
        AgentSessionState value = new AgentSessionState(schemaVersion, state, sessionId);
        roundTrips(value, AgentSessionState.decode(value.encode()));
    }

    @Property
    void channelClosed(@ForAll("goStrings") String messageId, @ForAll("goStrings") String createdDate,
                       @ForAll("goStrings") String destinationId, @ForAll("goStrings") String sessionId,
                       @ForAll int schemaVersion, @ForAll("goStrings") String output) {
        ChannelClosed value = new ChannelClosed(messageId, createdDate, destinationId, sessionId, "channel_closed",
                schemaVersion, output);
        roundTrips(value, ChannelClosed.decode(value.encode()));
    }

    @Property
    void openDataChannel(@ForAll("goStrings") String requestId, @ForAll("goStrings") String token,
                         @ForAll("goStrings") String clientId, @ForAll("goStrings") String other,
                         @ForAll boolean agentForm, @ForAll boolean withVersion) {
        OpenDataChannel value = agentForm
                ? new AgentOpenDataChannel(requestId, token, other, clientId)
                : new ClientOpenDataChannel(requestId, token, clientId, withVersion ? other : null);
        roundTrips(value, OpenDataChannel.decode(value.encode()));
        assertThat(value.toString()).contains("<redacted>");
    }

    @Property
    void handshakeRequest(@ForAll("goStrings") String agentVersion, @ForAll("actions") List<RequestedClientAction> actions) {
        HandshakeRequest request = new HandshakeRequest(agentVersion, actions);
        roundTrips(request, HandshakeRequest.decode(request.encode()));
    }

    @Property
    void handshakeResponse(@ForAll("goStrings") String clientVersion,
                           @ForAll("processedActions") List<ProcessedClientAction> actions,
                           @ForAll List<@From("goStrings") String> errors) {
        HandshakeResponse response = new HandshakeResponse(clientVersion, actions, errors);
        roundTrips(response, HandshakeResponse.decode(response.encode()));
    }

    @Property
    void everyStreamPayloadDecodesThroughTheDispatcher(@ForAll("streamPayloads") StreamPayload payload) {
        roundTrips(payload, StreamPayloads.decode(payload.payloadType(), payload.encode()));
    }

    private static <T> void roundTrips(T value, Decoding<? extends T> decoded) {
        assertThat(decoded.isOk()).as("%s -> %s", value, decoded).isTrue();
        assertThat(decoded.value()).isEqualTo(value);
    }

    /** Any string Go could have sent: any code point except lone surrogates, with the characters Go escapes. */
    @Provide
    Arbitrary<String> goStrings() {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0x00, 0x08, 0x0c, 0x1b, (int) '\n', (int) '\r', (int) '\t', (int) '"', (int) '\\',
                        (int) '<', (int) '>', (int) '&', 0x7f, 0x2028, 0x2029, 0xe9, 0xfffd, 0x1f600)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0x10ffff)
                        .filter(cp -> cp < 0xd800 || cp > 0xdfff)));
        return codePoints.list().ofMaxSize(24).map(list -> {
            StringBuilder text = new StringBuilder();
            list.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    @Provide
    Arbitrary<List<RequestedClientAction>> actions() {
        Arbitrary<RequestedClientAction> sessionType = Combinators.combine(goStrings(), properties())
                .as(SessionTypeAction::new);
        Arbitrary<RequestedClientAction> kms = Combinators.combine(goStrings(), goStrings().injectNull(0.3))
                .as(KmsEncryptionAction::new);
        Arbitrary<RequestedClientAction> unknown = Combinators.combine(
                goStrings().filter(type -> !type.equals(ActionTypes.SESSION_TYPE) && !type.equals(ActionTypes.KMS_ENCRYPTION)),
                properties()).as(UnknownAction::new);
        return Arbitraries.oneOf(sessionType, kms, unknown).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<ProcessedClientAction>> processedActions() {
        Arbitrary<ActionResult> results = Arbitraries.oneOf(
                Arbitraries.just(ActionResult.NONE),
                Arbitraries.integers().map(n -> new ActionResult.Opaque(PayloadJson.mapper().getNodeFactory().numberNode(n))));
        Arbitrary<ProcessedClientAction> general = Combinators.combine(
                goStrings().filter(type -> !type.equals(ActionTypes.KMS_ENCRYPTION)),
                Arbitraries.integers(), results, goStrings()).as(ProcessedClientAction::new);
        Arbitrary<ProcessedClientAction> kms = Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200), Arbitraries.of(true, false))
                .as((blob, acknowledged) -> ProcessedClientAction.succeeded(ActionTypes.KMS_ENCRYPTION,
                        new KmsEncryptionResult(blob, acknowledged)));
        return Arbitraries.oneOf(general, kms).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<StreamPayload> streamPayloads() {
        return Arbitraries.oneOf(
                Arbitraries.of(PortFlag.class).map(flag -> (StreamPayload) flag),
                Arbitraries.integers().map(ExitCode::new),
                Combinators.combine(Arbitraries.longs().between(0, 0xFFFF_FFFFL), Arbitraries.longs().between(0, 0xFFFF_FFFFL))
                        .as(TerminalSize::new),
                Combinators.combine(Arbitraries.longs(), goStrings()).as(HandshakeComplete::new),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100).map(EncChallengeRequest::new),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100).map(EncChallengeResponse::new),
                Combinators.combine(Arbitraries.of(dev.warden.protocol.frame.PayloadType.OUTPUT,
                                dev.warden.protocol.frame.PayloadType.STDERR),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(100)).as(StreamBytes::new),
                Combinators.combine(goStrings(), actions()).as(HandshakeRequest::new),
                Combinators.combine(goStrings(), processedActions(), goStrings().list().ofMaxSize(3))
                        .as(HandshakeResponse::new));
    }

    /** A properties object (string values, nested objects, numbers, booleans) or null. */
    private Arbitrary<JsonNode> properties() {
        Arbitrary<Map<String, String>> pairs = Arbitraries.maps(goStrings(), goStrings()).ofMaxSize(4);
        return Combinators.combine(pairs, Arbitraries.integers(), Arbitraries.of(true, false)).as((map, number, flag) -> {
            ObjectNode node = PayloadJson.mapper().createObjectNode();
            map.forEach(node::put);
            if (flag) {
                node.putObject("nested").put("n", number).put("b", true).putNull("z");
            }
            return (JsonNode) node;
        }).injectNull(0.3);
    }

}
