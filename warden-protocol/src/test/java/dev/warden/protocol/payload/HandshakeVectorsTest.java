package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.crypto.DataKeySource;
import dev.warden.protocol.crypto.DataKeyUnavailableException;
import dev.warden.protocol.crypto.EncryptionChallenge;
import dev.warden.protocol.crypto.GeneratedDataKey;
import dev.warden.protocol.crypto.NonceSource;
import dev.warden.protocol.crypto.SessionCipher;
import dev.warden.protocol.crypto.SessionDataKey;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.testing.SharedVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every exchange of the shared handshake.json: the agent's payloads decode and re-encode byte for byte, the
 * client side produces the official client's exact HandshakeResponse and EncChallengeResponse, and the agent
 * side judges the official client's response as the agent would.
 */
class HandshakeVectorsTest {

    /** The official client's version in the vectors; the responder must reproduce its bytes. */
    private static final String PLUGIN_VERSION = "1.2.677.0";

    private static final JsonNode HANDSHAKE = SharedVectors.read("handshake.json");
    private static final JsonNode KMS = SharedVectors.read("kms.json");

    @TestFactory
    List<DynamicTest> everyExchange() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode exchange : HANDSHAKE.get("cases")) {
            String name = exchange.get("name").asText();
            tests.add(DynamicTest.dynamicTest(name + ": agent payloads decode and re-encode", () -> agentPayloadsRoundTrip(exchange)));
            tests.add(DynamicTest.dynamicTest(name + ": client builds the plugin's HandshakeResponse", () -> clientResponds(exchange)));
            tests.add(DynamicTest.dynamicTest(name + ": the plugin's HandshakeResponse round-trips", () -> pluginResponseRoundTrips(exchange)));
            tests.add(DynamicTest.dynamicTest(name + ": agent judges the plugin's response", () -> agentJudges(exchange)));
        }
        assertThat(HANDSHAKE.get("cases").size()).isEqualTo(11).isEqualTo(HANDSHAKE.get("count").asInt());
        return tests;
    }

    private static void agentPayloadsRoundTrip(JsonNode exchange) {
        byte[] requestBytes = payload(exchange, "agent->client", PayloadType.HANDSHAKE_REQUEST).orElseThrow();
        assertThat(new String(requestBytes, StandardCharsets.UTF_8)).isEqualTo(exchange.get("handshakeRequestPayloadText").asText());

        HandshakeRequest request = HandshakeRequest.decode(requestBytes).value();
        JsonNode expected = exchange.get("handshakeRequestPayload");
        assertThat(request.agentVersion()).isEqualTo(expected.get("AgentVersion").asText());
        assertThat(request.requestedClientActions()).hasSize(expected.get("RequestedClientActions").size());
        for (int i = 0; i < request.requestedClientActions().size(); i++) {
            RequestedClientAction action = request.requestedClientActions().get(i);
            JsonNode expectedAction = expected.get("RequestedClientActions").get(i);
            JsonNode parameters = expectedAction.get("ActionParameters");
            assertThat(action.actionType()).isEqualTo(expectedAction.get("ActionType").asText());
            if (action instanceof SessionTypeAction sessionType) {
                assertThat(sessionType.sessionType()).isEqualTo(parameters.get("SessionType").asText());
                assertThat(sessionType.properties() == null ? "null" : sessionType.properties().toString())
                        .isEqualTo(parameters.get("Properties").toString());
            } else if (action instanceof KmsEncryptionAction kms) {
                assertThat(kms.kmsKeyId()).isEqualTo(parameters.get("KMSKeyId").asText());
                assertThat(kms.challenge()).isEqualTo(parameters.get("Challenge").asText());
            } else {
                assertThat(((UnknownAction) action).parameters().toString()).isEqualTo(parameters.toString());
            }
        }
        assertThat(request.encode()).isEqualTo(requestBytes);

        for (byte[] complete : payloads(exchange, "agent->client", PayloadType.HANDSHAKE_COMPLETE)) {
            HandshakeComplete decoded = HandshakeComplete.decode(complete).value();
            assertThat(decoded.customerMessage()).isEqualTo(isEncrypted(exchange) ? AgentHandshake.ENCRYPTED_MESSAGE : "");
            assertThat(decoded.encode()).isEqualTo(complete);
        }
        for (byte[] challenge : payloads(exchange, "agent->client", PayloadType.ENC_CHALLENGE_REQUEST)) {
            assertThat(EncChallengeRequest.decode(challenge).value().encode()).isEqualTo(challenge);
        }
    }

    private static void clientResponds(JsonNode exchange) {
        HandshakeRequest request = HandshakeRequest.decode(
                payload(exchange, "agent->client", PayloadType.HANDSHAKE_REQUEST).orElseThrow()).value();
        RecordingDataKeySource dataKeys = new RecordingDataKeySource(exchange);

        ClientHandshakeResult result = new HandshakeResponder(PLUGIN_VERSION, dataKeys).respond(request);

        String pluginResponse = exchange.get("handshakeResponsePayloadText").asText();
        byte[] pluginBytes = payload(exchange, "client->agent", PayloadType.HANDSHAKE_RESPONSE).orElseThrow();
        assertThat(new String(pluginBytes, StandardCharsets.UTF_8)).isEqualTo(pluginResponse);
        if (exchange.get("name").asText().equals("unknown-action-type")) {
            // Documented deviation: status 3 (Unsupported) where the plugin writes 0 and puts the 3 into ActionResult.
            String quirk = "\"ActionStatus\":0,\"ActionResult\":3";
            assertThat(pluginResponse.split(quirk, -1)).hasSize(2);
            String expected = pluginResponse.replace(quirk, "\"ActionStatus\":3,\"ActionResult\":null");
            assertThat(new String(result.response().encode(), StandardCharsets.UTF_8)).isEqualTo(expected);
        } else {
            assertThat(result.response().encode()).isEqualTo(pluginBytes);
        }

        String pluginSessionType = exchange.path("pluginSessionType").asText();
        assertThat(result.sessionHandler()).isEqualTo(pluginSessionType.isEmpty() ? Optional.empty() : Optional.of(pluginSessionType));
        assertThat(result.agentVersion()).isEqualTo(exchange.get("agentVersion").asText());
        assertThat(result.dataKey().isPresent()).isEqualTo(isEncrypted(exchange));
        assertThat(dataKeys.calls).isEqualTo(exchange.has("kmsGenerateDataKeyRequest") || exchange.has("legacyCliMode") ? 1 : 0);

        if (isEncrypted(exchange)) {
            answersTheChallengeLikeThePlugin(exchange, result.dataKey().orElseThrow());
            encryptsAndDecryptsStreamDataLikeThePlugin(exchange, result.dataKey().orElseThrow());
        }
    }

    private static void answersTheChallengeLikeThePlugin(JsonNode exchange, SessionDataKey dataKey) {
        JsonNode challenge = KMS.get("encChallenge");
        byte[] agentRequest = payload(exchange, "agent->client", PayloadType.ENC_CHALLENGE_REQUEST).orElseThrow();
        byte[] pluginAnswer = payload(exchange, "client->agent", PayloadType.ENC_CHALLENGE_RESPONSE).orElseThrow();

        // The agent side reproduces the agent's request from the challenge plaintext and nonce.
        SessionCipher agent = dataKey.forAgent(nonces(challenge.get("agentNonceHex").asText()));
        byte[] issued = EncryptionChallenge.issue(agent, SharedVectors.hex(challenge.get("agentChallengePlaintextHex"))).challenge();
        assertThat(new EncChallengeRequest(issued).encode()).isEqualTo(agentRequest);

        // The client side reproduces the plugin's answer with the plugin's nonce.
        SessionCipher client = dataKey.forClient(nonces(challenge.get("clientNonceHex").asText()));
        Decoding<EncChallengeResponse> answer = EncChallengeResponse.answering(EncChallengeRequest.decode(agentRequest).value(), client);
        assertThat(answer.isOk()).as("%s", answer).isTrue();
        assertThat(answer.value().encode()).isEqualTo(pluginAnswer);
        assertThat(EncChallengeResponse.decode(pluginAnswer).value()).isEqualTo(answer.value());
    }

    private static void encryptsAndDecryptsStreamDataLikeThePlugin(JsonNode exchange, SessionDataKey dataKey) {
        for (JsonNode step : exchange.get("exchange")) {
            JsonNode fields = step.get("frame").get("fields");
            byte[] payload = SharedVectors.base64(step.get("frame").get("payloadBase64"));
            if (fields.get("payloadType").asInt() == PayloadType.SIZE.code()) {
                TerminalSize size = TerminalSize.decode(payload).value();
                assertThat(size).isEqualTo(new TerminalSize(120, 40));
                assertThat(size.encode()).isEqualTo(payload);
            }
            if (fields.get("payloadType").asInt() != PayloadType.OUTPUT.code()) {
                continue;
            }
            if (step.get("direction").asText().equals("client->agent")) {
                // "Output 'whoami\r' encrypted with dataKey[32:64], nonce d0d1..db"
                SessionCipher client = dataKey.forClient(nonces("d0d1d2d3d4d5d6d7d8d9dadb"));
                assertThat(client.encryptsOutgoing(PayloadType.OUTPUT.code())).isTrue();
                assertThat(client.encrypt("whoami\r".getBytes(StandardCharsets.US_ASCII))).isEqualTo(payload);
            } else {
                SessionCipher client = dataKey.forClient();
                assertThat(client.decryptsIncoming(PayloadType.OUTPUT.code())).isTrue();
                assertThat(new String(client.decrypt(payload).value(), StandardCharsets.US_ASCII)).isEqualTo("ssm-user\r\n");
            }
        }
    }

    private static void pluginResponseRoundTrips(JsonNode exchange) {
        byte[] pluginBytes = payload(exchange, "client->agent", PayloadType.HANDSHAKE_RESPONSE).orElseThrow();
        JsonNode expected = exchange.get("handshakeResponsePayload");

        HandshakeResponse response = HandshakeResponse.decode(pluginBytes).value();

        assertThat(response.clientVersion()).isEqualTo(PLUGIN_VERSION);
        assertThat(response.processedClientActions()).hasSize(expected.get("ProcessedClientActions").size());
        for (int i = 0; i < response.processedClientActions().size(); i++) {
            ProcessedClientAction action = response.processedClientActions().get(i);
            JsonNode expectedAction = expected.get("ProcessedClientActions").get(i);
            assertThat(action.actionType()).isEqualTo(expectedAction.get("ActionType").asText());
            assertThat(action.actionStatus()).isEqualTo(expectedAction.get("ActionStatus").asInt());
            assertThat(action.error()).isEqualTo(expectedAction.get("Error").asText());
            if (action.actionResult() instanceof KmsEncryptionResult kms) {
                assertThat(Base64.getEncoder().encodeToString(kms.cipherTextKey())).isEqualTo(KMS.get("ciphertextBlobBase64").asText());
                assertThat(kms.challengeAcknowledgement()).isFalse();
            } else {
                assertThat(action.actionResult() == ActionResult.NONE ? "null"
                        : ((ActionResult.Opaque) action.actionResult()).json().toString())
                        .isEqualTo(expectedAction.get("ActionResult").toString());
            }
        }
        List<String> errors = new ArrayList<>();
        expected.get("Errors").forEach(error -> errors.add(error.asText()));
        assertThat(response.errors()).isEqualTo(errors);
        assertThat(response.encode()).isEqualTo(pluginBytes);
    }

    private static void agentJudges(JsonNode exchange) {
        HandshakeRequest request = HandshakeRequest.decode(
                payload(exchange, "agent->client", PayloadType.HANDSHAKE_REQUEST).orElseThrow()).value();
        HandshakeResponse response = HandshakeResponse.decode(
                payload(exchange, "client->agent", PayloadType.HANDSHAKE_RESPONSE).orElseThrow()).value();

        AgentHandshake.Verdict verdict = AgentHandshake.check(response, request.kmsEncryptionAction().isPresent(), false);

        JsonNode failed = null;
        for (JsonNode action : exchange.get("handshakeResponsePayload").get("ProcessedClientActions")) {
            if (action.get("ActionStatus").asInt() != 1) {
                failed = action;
            }
        }
        if (failed == null) {
            assertThat(verdict).isInstanceOf(AgentHandshake.Accepted.class);
            AgentHandshake.Accepted accepted = (AgentHandshake.Accepted) verdict;
            assertThat(accepted.clientVersion()).isEqualTo(PLUGIN_VERSION);
            assertThat(accepted.kmsEncryption().isPresent()).isEqualTo(isEncrypted(exchange));
            accepted.kmsEncryption().ifPresent(kms -> assertThat(kms.cipherTextKey())
                    .isEqualTo(SharedVectors.base64(KMS.get("ciphertextBlobBase64"))));
        } else {
            assertThat(verdict).isEqualTo(new AgentHandshake.Rejected(failed.get("ActionType").asText()
                    + " failed on client with status " + failed.get("ActionStatus").asInt()
                    + " error: " + failed.get("Error").asText()));
        }
    }

    @Test
    void everyHandshakeCompleteExampleRoundTripsAndTheAgentComposesItsMessage() {
        JsonNode examples = HANDSHAKE.get("handshakeCompleteExamples");
        assertThat(examples).hasSize(4);
        // (client version, separate output requested, encrypted) per "when" of the four examples, in order.
        Object[][] conditions = {
                {PLUGIN_VERSION, false, false},
                {PLUGIN_VERSION, false, true},
                {"1.2.295", true, false},
                {"1.2.295", true, true},
        };
        for (int i = 0; i < examples.size(); i++) {
            JsonNode example = examples.get(i);
            byte[] payload = example.get("payloadText").asText().getBytes(StandardCharsets.UTF_8);

            HandshakeComplete complete = HandshakeComplete.decode(payload).value();

            assertThat(complete.encode()).as(example.get("when").asText()).isEqualTo(payload);
            assertThat(complete.timeToCompleteNanos())
                    .isEqualTo(Math.round(example.get("handshakeTimeToCompleteSeconds").asDouble() * 1e9));
            String message = AgentHandshake.customerMessage((String) conditions[i][0], (boolean) conditions[i][1],
                    (boolean) conditions[i][2]);
            assertThat(message).as(example.get("when").asText()).isEqualTo(complete.customerMessage());
            assertThat(AgentHandshake.complete(complete.timeToComplete(), (String) conditions[i][0],
                    (boolean) conditions[i][1], (boolean) conditions[i][2]).encode()).isEqualTo(payload);
        }
    }

    @Test
    void theAgentSideBuildsTheRecordedRequests() {
        JsonNode cases = HANDSHAKE.get("cases");
        String agentVersion = HANDSHAKE.get("agentVersionUsed").asText();
        String kmsKey = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        assertThat(HandshakeRequest.of(agentVersion, SessionTypeAction.withProperties(SessionTypes.PORT,
                java.util.Map.of("type", "LocalPortForwarding", "portNumber", "80", "localPortNumber", "8080")),
                Optional.empty()).encode())
                .isEqualTo(requestText(cases, "port-forwarding"));
        assertThat(HandshakeRequest.of(agentVersion, SessionTypeAction.withoutProperties(SessionTypes.STANDARD_STREAM),
                Optional.of(new KmsEncryptionAction(kmsKey, "83pDh+rUSJm0VwU9x+sF8A=="))).encode())
                .isEqualTo(requestText(cases, "standard-stream-kms"));
        assertThat(HandshakeRequest.of(agentVersion, SessionTypeAction.withoutProperties(SessionTypes.NON_INTERACTIVE_COMMANDS),
                Optional.empty()).encode())
                .isEqualTo(requestText(cases, "noninteractive-commands"));
    }

    private static byte[] requestText(JsonNode cases, String name) {
        for (JsonNode exchange : cases) {
            if (exchange.get("name").asText().equals(name)) {
                return exchange.get("handshakeRequestPayloadText").asText().getBytes(StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no case " + name);
    }

    private static boolean isEncrypted(JsonNode exchange) {
        return exchange.path("pluginStdout").asText().contains(AgentHandshake.ENCRYPTED_MESSAGE);
    }

    private static Optional<byte[]> payload(JsonNode exchange, String direction, PayloadType type) {
        List<byte[]> found = payloads(exchange, direction, type);
        assertThat(found.size()).as("%s frames of type %s", direction, type).isLessThanOrEqualTo(1);
        return found.stream().findFirst();
    }

    /** The payloads of the frames in one direction with one type, each decoded by the frame codec. */
    private static List<byte[]> payloads(JsonNode exchange, String direction, PayloadType type) {
        List<byte[]> found = new ArrayList<>();
        for (JsonNode step : exchange.get("exchange")) {
            if (!step.get("direction").asText().equals(direction)) {
                continue;
            }
            Decoding<ClientMessage> frame = FrameCodec.decode(SharedVectors.hex(step.get("frame").get("frameHex")));
            assertThat(frame.isOk()).as("%s", frame).isTrue();
            if (frame.value().payloadType() == type.code() && !frame.value().messageType().equals("acknowledge")) {
                found.add(frame.value().payload());
            }
        }
        return found;
    }

    private static NonceSource nonces(String... hexNonces) {
        Deque<byte[]> queue = new ArrayDeque<>();
        for (String hex : hexNonces) {
            queue.add(HexFormat.of().parseHex(hex));
        }
        return () -> {
            byte[] next = queue.poll();
            if (next == null) {
                throw new IllegalStateException("the test supplied no further nonce");
            }
            return next;
        };
    }

    /**
     * Stands in for KMS GenerateDataKey: returns the fixed key and blob of kms.json, or fails with the error the
     * vector's client reported, and checks that it is asked for the requested key with the agent's challenge.
     */
    private static final class RecordingDataKeySource implements DataKeySource {
        private final JsonNode exchange;
        int calls;

        RecordingDataKeySource(JsonNode exchange) {
            this.exchange = exchange;
        }

        @Override
        public GeneratedDataKey generate(String kmsKeyId, Optional<String> randomChallenge) throws DataKeyUnavailableException {
            calls++;
            JsonNode kmsParameters = exchange.get("handshakeRequestPayload").get("RequestedClientActions").get(1).get("ActionParameters");
            assertThat(kmsKeyId).isEqualTo(kmsParameters.get("KMSKeyId").asText());
            assertThat(randomChallenge).contains(kmsParameters.get("Challenge").asText());
            JsonNode errors = exchange.get("handshakeResponsePayload").get("Errors");
            if (!errors.isNull()) {
                // The failure text is the KMS (or legacy-CLI) error the client passes on; the responder must
                // wrap it exactly as the plugin does.
                throw new DataKeyUnavailableException(errors.get(0).asText());
            }
            return new GeneratedDataKey(SessionDataKey.of(SharedVectors.hex(KMS.get("dataKeyPlaintextHex"))),
                    SharedVectors.base64(KMS.get("ciphertextBlobBase64")), false);
        }
    }
}
