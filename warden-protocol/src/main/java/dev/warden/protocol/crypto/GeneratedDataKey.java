package dev.warden.protocol.crypto;

import java.util.Objects;

/**
 * The result of KMS GenerateDataKey: the plaintext key for this process and the encrypted copy
 * ({@code CiphertextBlob}) that the client hands to the agent, which asks KMS to decrypt it.
 */
public final class GeneratedDataKey {

    private final SessionDataKey plaintextKey;
    private final byte[] ciphertextBlob;
    private final boolean challengeAcknowledged;

    /**
     * @param plaintextKey          the 64-byte data key
     * @param ciphertextBlob        KMS's encrypted copy of it, opaque bytes (copied)
     * @param challengeAcknowledged true when the encryption context included the agent's random challenge,
     *                              which the agent must then include when it decrypts the blob
     */
    public GeneratedDataKey(SessionDataKey plaintextKey, byte[] ciphertextBlob, boolean challengeAcknowledged) {
        this.plaintextKey = Objects.requireNonNull(plaintextKey, "plaintextKey");
        this.ciphertextBlob = Objects.requireNonNull(ciphertextBlob, "ciphertextBlob").clone();
        this.challengeAcknowledged = challengeAcknowledged;
    }

    public SessionDataKey plaintextKey() {
        return plaintextKey;
    }

    public byte[] ciphertextBlob() {
        return ciphertextBlob.clone();
    }

    public boolean challengeAcknowledged() {
        return challengeAcknowledged;
    }

    @Override
    public String toString() {
        return "GeneratedDataKey[plaintextKey=" + plaintextKey + ", ciphertextBlob=" + ciphertextBlob.length
                + " bytes, challengeAcknowledged=" + challengeAcknowledged + "]";
    }
}
