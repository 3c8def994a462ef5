package dev.warden.protocol.payload;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.PayloadType;

import java.util.Arrays;
import java.util.Objects;

/**
 * The EncChallengeRequest payload (PayloadType 8, agent to client): {@code {"Challenge":"<base64>"}}, where
 * the bytes are the agent's {@code nonce || ciphertext || tag} over 64 random bytes (client-protocol.md §5.4).
 * Build the bytes with {@code dev.warden.protocol.crypto.EncryptionChallenge}.
 *
 * @param challenge the encrypted challenge bytes, copied in and out
 */
public record EncChallengeRequest(byte[] challenge) implements StreamPayload {

    public EncChallengeRequest {
        challenge = Objects.requireNonNull(challenge, "challenge").clone();
    }

    @Override
    public byte[] challenge() {
        return challenge.clone();
    }

    @Override
    public PayloadType payloadType() {
        return PayloadType.ENC_CHALLENGE_REQUEST;
    }

    @Override
    public byte[] encode() {
        return ChallengeJson.encode(challenge);
    }

    public static Decoding<EncChallengeRequest> decode(byte[] payload) {
        try {
            return Decoding.ok(new EncChallengeRequest(ChallengeJson.decode(payload, "EncChallengeRequest payload")));
        } catch (MalformedPayload e) {
            return e.toDecoding();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncChallengeRequest other && Arrays.equals(challenge, other.challenge);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(challenge);
    }

    @Override
    public String toString() {
        return "EncChallengeRequest[" + challenge.length + " bytes]";
    }
}
