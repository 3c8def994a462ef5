package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The result of a successful KMSEncryption action:
 * {@code {"KMSCipherTextKey":"<base64 CiphertextBlob>","KMSCipherTextHash":null}}, plus
 * {@code "ChallengeAcknowledgement":true} when the client bound the agent's random challenge into the KMS
 * encryption context (client-protocol.md §5.2–5.3). The member is left out when false, which is the exact
 * form of the official client 1.2.677.0 (it never acknowledges); the agent reads a missing member as false.
 * {@code KMSCipherTextHash} is always written as null and ignored when read: no peer uses it.
 *
 * @param cipherTextKey            the encrypted data key (KMS CiphertextBlob), copied in and out
 * @param challengeAcknowledgement whether the encryption context includes the agent's random challenge
 */
public record KmsEncryptionResult(byte[] cipherTextKey, boolean challengeAcknowledgement) implements ActionResult {

    public KmsEncryptionResult {
        cipherTextKey = Objects.requireNonNull(cipherTextKey, "cipherTextKey").clone();
    }

    @Override
    public byte[] cipherTextKey() {
        return cipherTextKey.clone();
    }

    ObjectNode toJson() {
        ObjectNode json = PayloadJson.mapper().createObjectNode();
        json.put("KMSCipherTextKey", Base64.getEncoder().encodeToString(cipherTextKey));
        json.putNull("KMSCipherTextHash");
        if (challengeAcknowledgement) {
            json.put("ChallengeAcknowledgement", true);
        }
        return json;
    }

    static KmsEncryptionResult fromJson(JsonNode json) throws MalformedPayload {
        JsonMembers members = JsonMembers.of(json, "KMSEncryption action result");
        return new KmsEncryptionResult(members.requiredBase64("KMSCipherTextKey"),
                members.booleanOrFalse("ChallengeAcknowledgement"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KmsEncryptionResult other
                && challengeAcknowledgement == other.challengeAcknowledgement
                && Arrays.equals(cipherTextKey, other.cipherTextKey);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(cipherTextKey) + Boolean.hashCode(challengeAcknowledgement);
    }

    /** The wrapped key is summarised by length: it is key material, if encrypted. */
    @Override
    public String toString() {
        return "KmsEncryptionResult[cipherTextKey=" + cipherTextKey.length + " bytes, redacted, "
                + "challengeAcknowledgement=" + challengeAcknowledgement + "]";
    }
}
