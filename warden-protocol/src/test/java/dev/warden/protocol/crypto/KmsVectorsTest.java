package dev.warden.protocol.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.testing.SharedVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every value of the shared kms.json, reproduced with the fixed nonces and checked from the other side. */
class KmsVectorsTest {

    private static final JsonNode KMS = SharedVectors.read("kms.json");
    private static final HexFormat HEX = HexFormat.of();

    private static SessionDataKey dataKey() {
        return SessionDataKey.of(SharedVectors.hex(KMS.get("dataKeyPlaintextHex")));
    }

    @Test
    void theDataKeyIsSplitIntoTheClientsDecryptionAndEncryptionHalves() throws Exception {
        JsonNode split = KMS.get("keySplit");
        byte[] plaintext = "split check".getBytes();

        // What the client encrypts must open under the independent bytes 32..63 of the vector, and what the
        // agent encrypts under bytes 0..31: checked with a plain JDK cipher, not with the code under test.
        byte[] fromClient = dataKey().forClient(ScriptedNonces.ofHex("000000000000000000000001")).encrypt(plaintext);
        byte[] fromAgent = dataKey().forAgent(ScriptedNonces.ofHex("000000000000000000000002")).encrypt(plaintext);

        assertThat(jdkOpen(SharedVectors.hex(split.get("clientEncryptionKeyHex")), fromClient)).isEqualTo(plaintext);
        assertThat(jdkOpen(SharedVectors.hex(split.get("clientDecryptionKeyHex")), fromAgent)).isEqualTo(plaintext);
        assertThat(KMS.get("dataKeyLength").asInt()).isEqualTo(SessionDataKey.LENGTH);
    }

    @TestFactory
    List<DynamicTest> everyEncryptionIsReproducedByteForByteAndOpensOnTheOtherSide() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : KMS.get("encryptions")) {
            tests.add(DynamicTest.dynamicTest(vector.get("name").asText(), () -> reproduce(vector)));
        }
        assertThat(tests).hasSize(8);
        return tests;
    }

    private static void reproduce(JsonNode vector) {
        boolean fromClient = vector.get("direction").asText().equals("client->agent");
        ScriptedNonces nonce = ScriptedNonces.ofHex(vector.get("nonceHex").asText());
        SessionCipher sender = fromClient ? dataKey().forClient(nonce) : dataKey().forAgent(nonce);
        SessionCipher receiver = fromClient ? dataKey().forAgent() : dataKey().forClient();
        byte[] plaintext = SharedVectors.hex(vector.get("plaintextHex"));

        byte[] wire = sender.encrypt(plaintext);

        assertThat(HEX.formatHex(wire)).isEqualTo(vector.get("wirePayloadHex").asText());
        assertThat(wire).hasSize(vector.get("wirePayloadLength").asInt());
        assertThat(HEX.formatHex(Arrays.copyOfRange(wire, 12, 12 + plaintext.length)))
                .isEqualTo(vector.get("ciphertextHex").asText());
        assertThat(HEX.formatHex(Arrays.copyOfRange(wire, wire.length - 16, wire.length)))
                .isEqualTo(vector.get("tagHex").asText());
        Decoding<byte[]> opened = receiver.decrypt(SharedVectors.base64(vector.get("wirePayloadBase64")));
        assertThat(opened.isOk()).as("%s", opened).isTrue();
        assertThat(opened.value()).isEqualTo(plaintext);
        // The sender's own decryption key is the other half: it cannot open its own message.
        assertThat(sender.decrypt(wire).isOk()).isFalse();
    }

    @TestFactory
    List<DynamicTest> everyDecryptFailureIsATypedResultOnTheClient() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode failure : KMS.get("decryptFailures").get("cases")) {
            tests.add(DynamicTest.dynamicTest(failure.get("name").asText(), () -> {
                byte[] payload = SharedVectors.hex(failure.get("wirePayloadHex"));
                Decoding<byte[]> result = dataKey().forClient().decrypt(payload);
                assertThat(result.isOk()).as("client decrypting %s", failure.get("name")).isFalse();
                assertThat(result.error().kind()).isEqualTo(Kind.DECRYPTION_FAILED);
                assertThat(result.error().detail()).doesNotContain(failure.get("wirePayloadHex").asText()
                        .substring(0, Math.min(16, payload.length * 2)));
            }));
        }
        assertThat(tests).hasSize(6);
        return tests;
    }

    @Test
    void theWrongKeyHalfCaseIsAClientToAgentPayload() {
        // "wrong-key-half" is encrypted with bytes 32..63: wrong for the client, right for the agent. This
        // pins down that the failure above is about the key half and not about a malformed payload.
        JsonNode failure = KMS.get("decryptFailures").get("cases").get(2);
        assertThat(failure.get("name").asText()).isEqualTo("wrong-key-half");

        Decoding<byte[]> opened = dataKey().forAgent().decrypt(SharedVectors.hex(failure.get("wirePayloadHex")));

        assertThat(opened.isOk()).as("%s", opened).isTrue();
        assertThat(opened.value()).hasSize(failure.get("wirePayloadHex").asText().length() / 2 - SessionCipher.OVERHEAD);
    }

    @Test
    void theChallengeRoundTripReproducesBothRecordedPayloads() {
        JsonNode challenge = KMS.get("encChallenge");
        SessionCipher agent = dataKey().forAgent(ScriptedNonces.ofHex(challenge.get("agentNonceHex").asText()));
        SessionCipher client = dataKey().forClient(ScriptedNonces.ofHex(challenge.get("clientNonceHex").asText()));

        IssuedChallenge issued = EncryptionChallenge.issue(agent, SharedVectors.hex(challenge.get("agentChallengePlaintextHex")));
        assertThat(HEX.formatHex(issued.challenge())).isEqualTo(challenge.get("encChallengeRequestWireHex").asText());

        Decoding<byte[]> answer = EncryptionChallenge.answer(client, issued.challenge());
        assertThat(answer.isOk()).as("%s", answer).isTrue();
        assertThat(HEX.formatHex(answer.value())).isEqualTo(challenge.get("encChallengeResponseWireHex").asText());

        assertThat(issued.verify(answer.value())).isEqualTo(IssuedChallenge.Verification.CONFIRMED);
    }

    @Test
    void theAgentRejectsAResponseOverOtherBytesOrUnderAnotherKey() {
        JsonNode challenge = KMS.get("encChallenge");
        SessionCipher agent = dataKey().forAgent();
        IssuedChallenge issued = EncryptionChallenge.issue(agent, SharedVectors.hex(challenge.get("agentChallengePlaintextHex")));

        byte[] otherBytes = dataKey().forClient().encrypt(new byte[EncryptionChallenge.PLAINTEXT_LENGTH]);
        assertThat(issued.verify(otherBytes)).isEqualTo(IssuedChallenge.Verification.MISMATCHED);

        byte[] otherKey = new byte[SessionDataKey.LENGTH];
        Decoding<byte[]> wrongKeyAnswer = EncryptionChallenge.answer(SessionDataKey.of(otherKey).forClient(), issued.challenge());
        assertThat(wrongKeyAnswer.isOk()).isFalse();
        assertThat(wrongKeyAnswer.error().kind()).isEqualTo(Kind.DECRYPTION_FAILED);

        byte[] encryptedUnderOtherKey = SessionDataKey.of(otherKey).forClient()
                .encrypt(SharedVectors.hex(challenge.get("agentChallengePlaintextHex")));
        assertThat(issued.verify(encryptedUnderOtherKey)).isEqualTo(IssuedChallenge.Verification.UNDECRYPTABLE);
    }

    @TestFactory
    List<DynamicTest> encryptedFramesDecodeAndDecryptOnTheReceivingSide() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : KMS.get("encryptedFrames")) {
            tests.add(DynamicTest.dynamicTest(vector.get("name").asText(), () -> {
                Decoding<ClientMessage> decoded = FrameCodec.decode(SharedVectors.hex(vector.get("frame").get("frameHex")));
                assertThat(decoded.isOk()).as("%s", decoded).isTrue();
                ClientMessage message = decoded.value();
                assertThat(message.payloadType()).isEqualTo(PayloadType.OUTPUT.code());
                assertThat(HEX.formatHex(FrameCodec.sha256(message.payload())))
                        .isEqualTo(vector.get("frame").get("fields").get("payloadDigest").asText());

                boolean fromClient = message.messageType().equals(MessageTypes.INPUT_STREAM_DATA);
                SessionCipher receiver = fromClient ? dataKey().forAgent() : dataKey().forClient();
                assertThat(receiver.decryptsIncoming(message.payloadType())).isTrue();
                Decoding<byte[]> plaintext = receiver.decrypt(message.payload());
                assertThat(plaintext.isOk()).as("%s", plaintext).isTrue();
                assertThat(new String(plaintext.value())).isEqualTo(fromClient ? "ls\r" : "\r\nsh-5.2$ ");
            }));
        }
        assertThat(tests).hasSize(2);
        return tests;
    }

    private static byte[] jdkOpen(byte[] key, byte[] wire) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, wire, 0, 12));
        return cipher.doFinal(wire, 12, wire.length - 12);
    }
}
