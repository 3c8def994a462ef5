package dev.warden.protocol.crypto;

import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;

import javax.crypto.AEADBadTagException;
import javax.security.auth.Destroyable;
import java.util.Objects;

/**
 * One side's half of KMS session encryption: AES-256-GCM with a 12-byte nonce prefix and a 16-byte tag, no
 * additional data. It encrypts with this side's encryption key and decrypts with the other side's, as split by
 * {@link SessionDataKey}. Obtain one from {@link SessionDataKey#forClient()} or {@link SessionDataKey#forAgent()}.
 *
 * <p>Decryption never throws for bad input: a payload too short to hold nonce and tag, or one that fails
 * authentication (wrong key, altered nonce, ciphertext or tag, or plain text that was never encrypted) is a
 * {@link Kind#DECRYPTION_FAILED} result. Error details never contain key or payload bytes.
 *
 * <p>Safe to share between threads: every operation uses its own JDK cipher, and the nonce sources of
 * {@link NonceSource} are thread-safe.
 */
public final class SessionCipher implements Destroyable {

    /** Bytes an encrypted payload adds to its plaintext: the nonce in front and the tag behind. */
    public static final int OVERHEAD = AesGcm.OVERHEAD;

    private final SessionSide side;
    private final AesKey encryptionKey;
    private final AesKey decryptionKey;
    private final NonceSource nonces;

    SessionCipher(SessionSide side, AesKey encryptionKey, AesKey decryptionKey, NonceSource nonces) {
        this.side = Objects.requireNonNull(side, "side");
        this.encryptionKey = Objects.requireNonNull(encryptionKey, "encryptionKey");
        this.decryptionKey = Objects.requireNonNull(decryptionKey, "decryptionKey");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    /** The end of the channel this cipher serves. */
    public SessionSide side() {
        return side;
    }

    /** Whether this side encrypts an outgoing payload of this type (see {@link SessionSide}). */
    public boolean encryptsOutgoing(int payloadType) {
        return side.encryptsOutgoing(payloadType);
    }

    /** Whether this side decrypts an incoming payload of this type (see {@link SessionSide}). */
    public boolean decryptsIncoming(int payloadType) {
        return side.decryptsIncoming(payloadType);
    }

    /** {@code nonce || ciphertext || tag} of {@code plaintext} under this side's encryption key. */
    public byte[] encrypt(byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        requireNotDestroyed();
        byte[] nonce = nonces.next();
        if (nonce == null || nonce.length != AesGcm.NONCE_LENGTH) {
            throw new IllegalStateException("the nonce source must supply " + AesGcm.NONCE_LENGTH + "-byte nonces");
        }
        return AesGcm.seal(encryptionKey, nonce, plaintext);
    }

    /** The plaintext of a payload the other side encrypted, or a {@link Kind#DECRYPTION_FAILED} result. */
    public Decoding<byte[]> decrypt(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        requireNotDestroyed();
        if (payload.length < AesGcm.NONCE_LENGTH) {
            return Decoding.failed(Kind.DECRYPTION_FAILED, "encrypted payload has " + payload.length
                    + " bytes, fewer than the " + AesGcm.NONCE_LENGTH + "-byte nonce");
        }
        if (payload.length < AesGcm.OVERHEAD) {
            return Decoding.failed(Kind.DECRYPTION_FAILED, "encrypted payload has " + payload.length
                    + " bytes, fewer than nonce and tag (" + AesGcm.OVERHEAD + ")");
        }
        try {
            return Decoding.ok(AesGcm.open(decryptionKey, payload));
        } catch (AEADBadTagException e) {
            return Decoding.failed(Kind.DECRYPTION_FAILED, "encrypted payload of " + payload.length
                    + " bytes failed authentication (wrong key, or altered nonce, ciphertext or tag)");
        }
    }

    /** Wipes both keys; the cipher cannot be used afterwards. */
    @Override
    public void destroy() {
        encryptionKey.destroy();
        decryptionKey.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return encryptionKey.isDestroyed() && decryptionKey.isDestroyed();
    }

    @Override
    public String toString() {
        return "SessionCipher[" + side + ", keys redacted" + (isDestroyed() ? ", destroyed" : "") + "]";
    }

    private void requireNotDestroyed() {
        if (encryptionKey.isDestroyed() || decryptionKey.isDestroyed()) {
            throw new IllegalStateException("the session cipher has been destroyed");
        }
    }
}
