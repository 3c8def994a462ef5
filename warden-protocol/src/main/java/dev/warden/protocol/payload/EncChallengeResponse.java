package dev.warden.protocol.payload;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.crypto.EncryptionChallenge;
import dev.warden.protocol.crypto.SessionCipher;
import dev.warden.protocol.frame.PayloadType;

import java.util.Arrays;
import java.util.Objects;

/**
 * The EncChallengeResponse payload (PayloadType 9, client to agent): {@code {"Challenge":"<base64>"}}, the
 * agent's challenge decrypted with the client's decryption key and re-encrypted with its encryption key
 * (client-protocol.md §5.4). The payload itself is never encrypted.
 *
 * @param challenge the re-encrypted challenge bytes, copied in and out
 */
public record EncChallengeResponse(byte[] challenge) implements StreamPayload {

    public EncChallengeResponse {
        challenge = Objects.requireNonNull(challenge, "challenge").clone();
    }

    /**
     * The client's answer to {@code request}, or {@code DECRYPTION_FAILED} when the challenge does not
     * decrypt under the client's key.
     */
    public static Decoding<EncChallengeResponse> answering(EncChallengeRequest request, SessionCipher clientCipher) {
        return EncryptionChallenge.answer(clientCipher, request.challenge())
                .then(bytes -> Decoding.ok(new EncChallengeResponse(bytes)));
    }

    @Override
    public byte[] challenge() {
        return challenge.clone();
    }

    @Override
    public PayloadType payloadType() {
        return PayloadType.ENC_CHALLENGE_RESPONSE;
    }

    @Override
    public byte[] encode() {
        return ChallengeJson.encode(challenge);
    }

    public static Decoding<EncChallengeResponse> decode(byte[] payload) {
        try {
            return Decoding.ok(new EncChallengeResponse(ChallengeJson.decode(payload, "EncChallengeResponse payload")));
        } catch (MalformedPayload e) {
            return e.toDecoding();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncChallengeResponse other && Arrays.equals(challenge, other.challenge);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(challenge);
    }

    @Override
    public String toString() {
        return "EncChallengeResponse[" + challenge.length + " bytes]";
    }
}
