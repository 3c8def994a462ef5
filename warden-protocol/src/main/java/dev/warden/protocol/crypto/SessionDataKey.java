package dev.warden.protocol.crypto;

import javax.security.auth.Destroyable;
import java.util.Objects;

/**
 * The 64-byte plaintext data key of a KMS-encrypted session (KMS GenerateDataKey on the client, KMS Decrypt
 * on the agent), split into the two AES-256 keys of the session (client-protocol.md §5.3, agent-side.md §8):
 *
 * <ul>
 *   <li>bytes 0–31 encrypt agent→client payloads: the agent's encryption key, the client's decryption key;</li>
 *   <li>bytes 32–63 encrypt client→agent payloads: the client's encryption key, the agent's decryption key.</li>
 * </ul>
 *
 * <p>The key material never appears in {@link #toString()} and is wiped by {@link #destroy()}. Ciphers made
 * from it hold their own copies, so the data key can be destroyed as soon as both are made.
 */
public final class SessionDataKey implements Destroyable {

    /** The number of bytes the client asks KMS for ({@code NumberOfBytes}). */
    public static final int LENGTH = 64;

    private static final int AGENT_TO_CLIENT_OFFSET = 0;
    private static final int CLIENT_TO_AGENT_OFFSET = 32;

    private final KeyMaterial key;

    private SessionDataKey(KeyMaterial key) {
        this.key = key;
    }

    /** A data key from its 64 plaintext bytes, which are copied; the caller should wipe its own array. */
    public static SessionDataKey of(byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length != LENGTH) {
            throw new IllegalArgumentException("a session data key has " + LENGTH + " bytes, got " + plaintext.length);
        }
        return new SessionDataKey(new KeyMaterial(plaintext, 0, LENGTH, "the session data key"));
    }

    /** The client's cipher with a random nonce per message, as the official client does. */
    public SessionCipher forClient() {
        return forClient(NonceSource.random());
    }

    /** The client's cipher: encrypts with bytes 32–63, decrypts with bytes 0–31. */
    public SessionCipher forClient(NonceSource nonces) {
        return cipher(SessionSide.CLIENT, CLIENT_TO_AGENT_OFFSET, AGENT_TO_CLIENT_OFFSET, nonces);
    }

    /** The agent's cipher with a randomly seeded nonce counter, as the agent does. */
    public SessionCipher forAgent() {
        return forAgent(NonceSource.randomCounter());
    }

    /** The agent's cipher: encrypts with bytes 0–31, decrypts with bytes 32–63. */
    public SessionCipher forAgent(NonceSource nonces) {
        return cipher(SessionSide.AGENT, AGENT_TO_CLIENT_OFFSET, CLIENT_TO_AGENT_OFFSET, nonces);
    }

    private SessionCipher cipher(SessionSide side, int encryptionOffset, int decryptionOffset, NonceSource nonces) {
        Objects.requireNonNull(nonces, "nonces");
        return new SessionCipher(side, new AesKey(key, encryptionOffset), new AesKey(key, decryptionOffset), nonces);
    }

    @Override
    public void destroy() {
        key.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return key.isDestroyed();
    }

    @Override
    public String toString() {
        return "SessionDataKey[" + LENGTH + " bytes, redacted" + (isDestroyed() ? ", destroyed" : "") + "]";
    }
}
