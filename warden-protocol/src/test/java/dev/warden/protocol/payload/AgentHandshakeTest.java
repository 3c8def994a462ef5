package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulated agent's handshake decisions. */
class AgentHandshakeTest {

    private static final ProcessedClientAction SESSION_OK = ProcessedClientAction.succeeded(ActionTypes.SESSION_TYPE, ActionResult.NONE);
    private static final KmsEncryptionResult KMS_RESULT = new KmsEncryptionResult(new byte[] {7, 7}, false);
    private static final ProcessedClientAction KMS_OK = ProcessedClientAction.succeeded(ActionTypes.KMS_ENCRYPTION, KMS_RESULT);

    @ParameterizedTest(name = "{0} with key ''{1}'': encrypted {2}, handshake {3}")
    @CsvSource({
            "Standard_Stream,        '',    false, false",
            "Standard_Stream,        alias, true,  true",
            "InteractiveCommands,    '',    false, false",
            "InteractiveCommands,    alias, true,  true",
            "NonInteractiveCommands, '',    false, true",
            "NonInteractiveCommands, alias, true,  true",
            "Port,                   '',    false, true",
            "Port,                   alias, false, true",   // port sessions are never encrypted
    })
    void whenToEncryptAndHandshake(String sessionType, String kmsKeyId, boolean encrypted, boolean handshake) {
        assertThat(AgentHandshake.usesEncryption(sessionType, kmsKeyId)).isEqualTo(encrypted);
        assertThat(AgentHandshake.requiresHandshake(sessionType, AgentHandshake.usesEncryption(sessionType, kmsKeyId)))
                .isEqualTo(handshake);
    }

    @Test
    void aFullySuccessfulResponseIsAcceptedWithItsKmsResult() {
        AgentHandshake.Verdict verdict = AgentHandshake.check(
                new HandshakeResponse("1.2.764.0", List.of(SESSION_OK, KMS_OK), List.of()), true, false);

        assertThat(verdict).isEqualTo(new AgentHandshake.Accepted("1.2.764.0", java.util.Optional.of(KMS_RESULT)));
    }

    @Test
    void theLastFailingActionIsReported() {
        ProcessedClientAction unknownType = ProcessedClientAction.failed(ActionTypes.SESSION_TYPE, "Unknown session type Foo");
        ProcessedClientAction unsupported = ProcessedClientAction.unsupported("FutureAction");

        AgentHandshake.Verdict verdict = AgentHandshake.check(
                new HandshakeResponse("1", List.of(unknownType, unsupported), List.of()), false, false);

        assertThat(verdict).isEqualTo(new AgentHandshake.Rejected(
                "FutureAction failed on client with status 3 error: Unsupported action FutureAction"));
    }

    @Test
    void successfulActionsOfUnknownTypesAreIgnored() {
        ProcessedClientAction future = new ProcessedClientAction("FutureAction", 1, new ActionResult.Opaque(IntNode.valueOf(1)), "");

        assertThat(AgentHandshake.check(new HandshakeResponse("1", List.of(SESSION_OK, future), List.of()), false, false))
                .isInstanceOf(AgentHandshake.Accepted.class);
    }

    @Test
    void requestedEncryptionMustBeSetUp() {
        assertThat(AgentHandshake.check(new HandshakeResponse("1", List.of(SESSION_OK), List.of()), true, false))
                .isInstanceOf(AgentHandshake.Rejected.class);
        ProcessedClientAction noKey = new ProcessedClientAction(ActionTypes.KMS_ENCRYPTION, 1, ActionResult.NONE, "");
        assertThat(AgentHandshake.check(new HandshakeResponse("1", List.of(SESSION_OK, noKey), List.of()), true, false))
                .isEqualTo(new AgentHandshake.Rejected("KMSEncryption succeeded on client without a KMSCipherTextKey"));
    }

    @Test
    void aRequiredChallengeAcknowledgementIsEnforced() {
        ProcessedClientAction acknowledged = ProcessedClientAction.succeeded(ActionTypes.KMS_ENCRYPTION,
                new KmsEncryptionResult(new byte[] {1}, true));

        assertThat(AgentHandshake.check(new HandshakeResponse("1", List.of(SESSION_OK, KMS_OK), List.of()), true, true))
                .isEqualTo(new AgentHandshake.Rejected("client does not support required encryption context random challenge"));
        assertThat(AgentHandshake.check(new HandshakeResponse("1", List.of(SESSION_OK, acknowledged), List.of()), true, true))
                .isInstanceOf(AgentHandshake.Accepted.class);
        assertThat(AgentHandshake.check(new HandshakeResponse("1", List.of(SESSION_OK, KMS_OK), List.of()), true, false))
                .isInstanceOf(AgentHandshake.Accepted.class);
    }

    @Test
    void theCompletionMessageFollowsTheClientVersionGate() {
        assertThat(AgentHandshake.customerMessage("1.2.295", true, false)).isEqualTo(AgentHandshake.SEPARATE_OUTPUT_WARNING);
        assertThat(AgentHandshake.customerMessage("1.2.296.0", true, false)).isEmpty();
        assertThat(AgentHandshake.customerMessage("1.2.295", false, false)).isEmpty();
        assertThat(AgentHandshake.customerMessage("1.2.764.0", false, true)).isEqualTo(AgentHandshake.ENCRYPTED_MESSAGE);
        assertThat(AgentHandshake.complete(Duration.ofMillis(23), "1.2.764.0", false, false).encode())
                .isEqualTo("{\"HandshakeTimeToComplete\":23000000,\"CustomerMessage\":\"\"}".getBytes());
    }

    @Test
    void aRandomChallengeIsSixteenBytesOfBase64() {
        KmsEncryptionAction action = KmsEncryptionAction.withRandomChallenge("alias/session", new SecureRandom());

        assertThat(Base64.getDecoder().decode(action.challenge())).hasSize(KmsEncryptionAction.RANDOM_CHALLENGE_LENGTH);
        assertThat(action.randomChallenge()).contains(action.challenge());
        assertThat(KmsEncryptionAction.withRandomChallenge("k", new SecureRandom()).challenge()).isNotEqualTo(action.challenge());
    }

    @Test
    void sessionStatesHaveTheAgentsShape() {
        assertThat(new String(AgentSessionState.connected("sess-1").encode()))
                .isEqualTo("{\"SchemaVersion\":1,\"SessionState\":\"Connected\",\"SessionId\":\"sess-1\"}");
        assertThat(new String(AgentSessionState.terminating("sess-1").encode()))
                .isEqualTo("{\"SchemaVersion\":1,\"SessionState\":\"Terminating\",\"SessionId\":\"sess-1\"}");
    }
}
