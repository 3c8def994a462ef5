package dev.warden.protocol.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/** A challenge the agent has sent, waiting for the client's response. */
public final class IssuedChallenge {

    /** What the agent concludes from the client's response. */
    public enum Verification {
        /** The response decrypts to the challenge plaintext: both ends hold the same data key. */
        CONFIRMED,
        /** The response decrypts, but to different bytes ({@code Encryption challenge does not match!}). */
        MISMATCHED,
        /** The response does not decrypt under the agent's decryption key. */
        UNDECRYPTABLE
    }

    private final byte[] plaintext;
    private final byte[] challenge;
    private final SessionCipher agentCipher;

    IssuedChallenge(byte[] plaintext, byte[] challenge, SessionCipher agentCipher) {
        this.plaintext = plaintext;
        this.challenge = challenge;
        this.agentCipher = agentCipher;
    }

    /** The encrypted challenge for the EncChallengeRequest payload. */
    public byte[] challenge() {
        return challenge.clone();
    }

    /** Checks the bytes of the client's EncChallengeResponse. */
    public Verification verify(byte[] response) {
        Objects.requireNonNull(response, "response");
        var decrypted = agentCipher.decrypt(response);
        if (!decrypted.isOk()) {
            return Verification.UNDECRYPTABLE;
        }
        byte[] answer = decrypted.value();
        boolean equal = MessageDigest.isEqual(answer, plaintext);
        Arrays.fill(answer, (byte) 0);
        return equal ? Verification.CONFIRMED : Verification.MISMATCHED;
    }

    @Override
    public String toString() {
        return "IssuedChallenge[" + plaintext.length + " bytes, redacted]";
    }
}
