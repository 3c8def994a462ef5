package dev.warden.protocol.crypto;

import dev.warden.protocol.Decoding;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The encryption challenge that proves both ends hold the same data key before any data flows
 * (client-protocol.md §5.4, agent-side.md §2.5): the agent encrypts 64 random bytes with its encryption key
 * (EncChallengeRequest); the client decrypts them with its decryption key and re-encrypts them with its
 * encryption key under a new nonce (EncChallengeResponse); the agent decrypts that and compares.
 *
 * <p>The values here are the raw {@code nonce || ciphertext || tag} bytes that the {@code Challenge} JSON
 * fields carry as base64.
 */
public final class EncryptionChallenge {

    /** Number of random bytes the agent encrypts. */
    public static final int PLAINTEXT_LENGTH = 64;

    private EncryptionChallenge() {
    }

    /** Agent side: a challenge over {@value #PLAINTEXT_LENGTH} fresh random bytes. */
    public static IssuedChallenge issue(SessionCipher agentCipher, SecureRandom random) {
        byte[] plaintext = new byte[PLAINTEXT_LENGTH];
        random.nextBytes(plaintext);
        return issue(agentCipher, plaintext);
    }

    /** Agent side: a challenge over the given bytes (copied); for reproducible tests and emulations. */
    public static IssuedChallenge issue(SessionCipher agentCipher, byte[] plaintext) {
        requireSide(agentCipher, SessionSide.AGENT);
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] copy = plaintext.clone();
        return new IssuedChallenge(copy, agentCipher.encrypt(copy), agentCipher);
    }

    /**
     * Client side: the response to the agent's challenge bytes, or {@code DECRYPTION_FAILED} when they do not
     * decrypt under the client's decryption key (for example, the two ends hold different data keys).
     */
    public static Decoding<byte[]> answer(SessionCipher clientCipher, byte[] challenge) {
        requireSide(clientCipher, SessionSide.CLIENT);
        return clientCipher.decrypt(challenge).then(plaintext -> {
            byte[] response = clientCipher.encrypt(plaintext);
            java.util.Arrays.fill(plaintext, (byte) 0);
            return Decoding.ok(response);
        });
    }

    private static void requireSide(SessionCipher cipher, SessionSide expected) {
        Objects.requireNonNull(cipher, "cipher");
        if (cipher.side() != expected) {
            throw new IllegalArgumentException("this step of the challenge needs the " + expected + " cipher, got "
                    + cipher.side());
        }
    }
}
