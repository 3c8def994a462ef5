package dev.warden.protocol.payload;

import dev.warden.protocol.crypto.DataKeySource;
import dev.warden.protocol.crypto.DataKeyUnavailableException;
import dev.warden.protocol.crypto.GeneratedDataKey;
import dev.warden.protocol.crypto.SessionDataKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The client's handshake answers beyond the recorded exchanges. */
class HandshakeResponderTest {

    private static final DataKeySource NO_KMS = (key, challenge) -> fail("KMS must not be called");

    @Test
    void anEmptyRequestGetsAnEmptyActionListAndNullErrors() {
        ClientHandshakeResult result = new HandshakeResponder("1.2.764.0", NO_KMS).respond(new HandshakeRequest("3.3.0.0", List.of()));

        assertThat(text(result.response())).isEqualTo("{\"ClientVersion\":\"1.2.764.0\",\"ProcessedClientActions\":[],\"Errors\":null}");
        assertThat(result.sessionHandler()).isEmpty();
        assertThat(result.allActionsSucceeded()).isTrue();
    }

    @Test
    void eachShellTypeRunsTheShellHandlerAndPortRunsThePortHandler() {
        for (String type : List.of(SessionTypes.STANDARD_STREAM, SessionTypes.INTERACTIVE_COMMANDS, SessionTypes.NON_INTERACTIVE_COMMANDS)) {
            assertThat(respond(SessionTypeAction.withoutProperties(type)).sessionHandler()).contains(SessionTypes.STANDARD_STREAM);
        }
        ClientHandshakeResult port = respond(SessionTypeAction.withProperties(SessionTypes.PORT, java.util.Map.of("portNumber", "22")));
        assertThat(port.sessionHandler()).contains(SessionTypes.PORT);
        assertThat(port.sessionProperties().orElseThrow().toString()).isEqualTo("{\"portNumber\":\"22\"}");
        assertThat(respond(SessionTypeAction.withoutProperties("standard_stream")).sessionHandler())
                .as("session types match exactly").isEmpty();
    }

    @Test
    void anUnknownActionIsUnsupportedWithStatusThree() {
        ClientHandshakeResult result = new HandshakeResponder("1.2.764.0", NO_KMS).respond(new HandshakeRequest("3.3.0.0",
                List.of(SessionTypeAction.withoutProperties(SessionTypes.STANDARD_STREAM), new UnknownAction("FutureAction", null))));

        ProcessedClientAction answer = result.response().processedClientActions().get(1);
        assertThat(answer.status()).contains(ActionStatus.UNSUPPORTED);
        assertThat(answer.actionResult()).isEqualTo(ActionResult.NONE);
        assertThat(answer.error()).isEqualTo("Unsupported action FutureAction");
        assertThat(result.response().errors()).containsExactly("Unsupported action FutureAction");
        assertThat(result.allActionsSucceeded()).isFalse();
    }

    @Test
    void aChallengeIsPassedOnAndItsAcknowledgementReported() {
        List<Optional<String>> challenges = new ArrayList<>();
        DataKeySource kms = (key, challenge) -> {
            challenges.add(challenge);
            return new GeneratedDataKey(SessionDataKey.of(new byte[64]), new byte[] {1, 2, 3}, challenge.isPresent());
        };
        HandshakeResponder responder = new HandshakeResponder("1.2.764.0", kms);

        ClientHandshakeResult withChallenge = responder.respond(HandshakeRequest.of("3.3.987.0",
                SessionTypeAction.withoutProperties(SessionTypes.STANDARD_STREAM), Optional.of(new KmsEncryptionAction("k", "Y2hhbGxlbmdl"))));
        ClientHandshakeResult emptyChallenge = responder.respond(HandshakeRequest.of("3.3.0.0",
                SessionTypeAction.withoutProperties(SessionTypes.STANDARD_STREAM), Optional.of(new KmsEncryptionAction("k", ""))));
        ClientHandshakeResult oldAgent = responder.respond(HandshakeRequest.of("3.2.0.0",
                SessionTypeAction.withoutProperties(SessionTypes.STANDARD_STREAM), Optional.of(new KmsEncryptionAction("k", null))));

        assertThat(challenges).containsExactly(Optional.of("Y2hhbGxlbmdl"), Optional.empty(), Optional.empty());
        assertThat(text(withChallenge.response())).contains(
                "{\"ActionType\":\"KMSEncryption\",\"ActionStatus\":1,\"ActionResult\":{\"KMSCipherTextKey\":\"AQID\","
                        + "\"KMSCipherTextHash\":null,\"ChallengeAcknowledgement\":true},\"Error\":\"\"}");
        assertThat(text(emptyChallenge.response())).contains(
                "\"ActionResult\":{\"KMSCipherTextKey\":\"AQID\",\"KMSCipherTextHash\":null},\"Error\":\"\"");
        assertThat(oldAgent.dataKey()).isPresent();
    }

    @Test
    void aRepeatedKmsActionReplacesAndDestroysTheEarlierKey() {
        List<SessionDataKey> issued = new ArrayList<>();
        DataKeySource kms = (key, challenge) -> {
            SessionDataKey dataKey = SessionDataKey.of(new byte[64]);
            issued.add(dataKey);
            return new GeneratedDataKey(dataKey, new byte[] {9}, false);
        };

        ClientHandshakeResult result = new HandshakeResponder("1.2.764.0", kms).respond(new HandshakeRequest("3.3.0.0",
                List.of(new KmsEncryptionAction("a", null), new KmsEncryptionAction("b", null))));

        assertThat(issued).hasSize(2);
        assertThat(issued.get(0).isDestroyed()).isTrue();
        assertThat(result.dataKey()).containsSame(issued.get(1));
        assertThat(issued.get(1).isDestroyed()).isFalse();
    }

    @Test
    void aKmsFailureKeepsTheSessionTypeAndReportsTheDetail() {
        DataKeySource refusing = (key, challenge) -> {
            throw new DataKeyUnavailableException("KMS said no");
        };

        ClientHandshakeResult result = new HandshakeResponder("1.2.764.0", refusing).respond(HandshakeRequest.of("3.3.0.0",
                SessionTypeAction.withoutProperties(SessionTypes.STANDARD_STREAM), Optional.of(new KmsEncryptionAction("k", null))));

        assertThat(text(result.response())).isEqualTo("{\"ClientVersion\":\"1.2.764.0\",\"ProcessedClientActions\":["
                + "{\"ActionType\":\"SessionType\",\"ActionStatus\":1,\"ActionResult\":null,\"Error\":\"\"},"
                + "{\"ActionType\":\"KMSEncryption\",\"ActionStatus\":2,\"ActionResult\":null,"
                + "\"Error\":\"Failed to process action KMSEncryption: KMS said no\"}],\"Errors\":[\"KMS said no\"]}");
        assertThat(result.dataKey()).isEmpty();
        assertThat(result.sessionHandler()).contains(SessionTypes.STANDARD_STREAM);
        assertThat(result.toString()).contains("encrypted=false");
    }

    private static ClientHandshakeResult respond(SessionTypeAction action) {
        return new HandshakeResponder("1.2.764.0", NO_KMS).respond(HandshakeRequest.of("3.3.0.0", action, Optional.empty()));
    }

    private static String text(HandshakeResponse response) {
        return new String(response.encode(), StandardCharsets.UTF_8);
    }
}
