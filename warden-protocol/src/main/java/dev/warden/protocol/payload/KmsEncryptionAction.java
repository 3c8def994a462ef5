package dev.warden.protocol.payload;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The KMSEncryption action: {@code {"KMSKeyId":"<key>","Challenge":"<base64>"}}. Agents since 3.3.808.0 add a
 * random challenge that a client may bind into the KMS encryption context (client-protocol.md §5.3,
 * agent-side.md §8); older agents send no {@code Challenge} member.
 *
 * @param kmsKeyId  the KMS key the data key must be generated under
 * @param challenge the challenge string exactly as sent (it is used verbatim as an encryption-context value),
 *                  or null when the member is absent
 */
public record KmsEncryptionAction(String kmsKeyId, String challenge) implements RequestedClientAction {

    /** Random bytes in the agent's challenge. */
    public static final int RANDOM_CHALLENGE_LENGTH = 16;

    public KmsEncryptionAction {
        Objects.requireNonNull(kmsKeyId, "kmsKeyId");
    }

    /** The action as current agents send it: {@value #RANDOM_CHALLENGE_LENGTH} random bytes, base64. */
    public static KmsEncryptionAction withRandomChallenge(String kmsKeyId, SecureRandom random) {
        byte[] challenge = new byte[RANDOM_CHALLENGE_LENGTH];
        random.nextBytes(challenge);
        return new KmsEncryptionAction(kmsKeyId, Base64.getEncoder().encodeToString(challenge));
    }

    @Override
    public String actionType() {
        return ActionTypes.KMS_ENCRYPTION;
    }

    /** The challenge when the agent sent a non-empty one. */
    public Optional<String> randomChallenge() {
        return challenge == null || challenge.isEmpty() ? Optional.empty() : Optional.of(challenge);
    }
}
