package dev.warden.protocol.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;

/**
 * AES-256-GCM in the wire form both official peers use: {@code nonce(12) || ciphertext || tag(16)}, no
 * additional authenticated data (client-protocol.md §5.3, agent-side.md §8).
 *
 * <p>A new {@link Cipher} per operation: the JDK refuses to encrypt twice with one Cipher object under the
 * same key and nonce, and the per-call cost is small next to a websocket message.
 */
final class AesGcm {

    static final int NONCE_LENGTH = NonceSource.NONCE_LENGTH;
    static final int TAG_LENGTH = 16;
    static final int OVERHEAD = NONCE_LENGTH + TAG_LENGTH;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private AesGcm() {
    }

    static byte[] seal(AesKey key, byte[] nonce, byte[] plaintext) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            byte[] wire = new byte[NONCE_LENGTH + plaintext.length + TAG_LENGTH];
            System.arraycopy(nonce, 0, wire, 0, NONCE_LENGTH);
            cipher.doFinal(plaintext, 0, plaintext.length, wire, NONCE_LENGTH);
            return wire;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM encryption is unavailable", e);
        }
    }

    /**
     * The plaintext of {@code wire}, which must be at least {@link #OVERHEAD} bytes long.
     *
     * @throws AEADBadTagException when the tag does not authenticate the nonce and ciphertext under the key
     */
    static byte[] open(AesKey key, byte[] wire) throws AEADBadTagException {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, wire, 0, NONCE_LENGTH));
            return cipher.doFinal(wire, NONCE_LENGTH, wire.length - NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM decryption is unavailable", e);
        }
    }
}
