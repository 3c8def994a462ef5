package dev.warden.sandbox.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.warden.sandbox.protocol.AwsJson;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sandbox's CiphertextBlob: {@code version(1) | keyIdLength(1) | keyId | nonce(12) | AES-256-GCM(ciphertext ‖ tag)}
 * under the key's material, with the key ARN and the encryption context (keys sorted) as additional
 * authenticated data. So a blob only decrypts under its own key and with exactly the context it was made
 * with, as in KMS; anything else fails authentication ({@code InvalidCiphertextException}).
 */
final class DataKeyCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random;

    DataKeyCipher(SecureRandom random) {
        this.random = random;
    }

    byte[] encrypt(KmsKey key, byte[] plaintext, Map<String, String> context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, nonce, aad(key, context), plaintext);
        byte[] id = key.keyId().getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        out.write(id.length);
        out.writeBytes(id);
        out.writeBytes(nonce);
        out.writeBytes(sealed);
        return out.toByteArray();
    }

    /** The key id a blob names, or empty when the blob is not one of ours. */
    static Optional<String> keyIdOf(byte[] blob) {
        if (blob.length < 2 || blob[0] != VERSION) {
            return Optional.empty();
        }
        int idLength = blob[1] & 0xFF;
        if (blob.length < 2 + idLength + NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        return Optional.of(new String(blob, 2, idLength, StandardCharsets.US_ASCII));
    }

    /** The plaintext, or empty when the blob, key or context do not match. */
    Optional<byte[]> decrypt(KmsKey key, byte[] blob, Map<String, String> context) {
        Optional<String> id = keyIdOf(blob);
        if (id.isEmpty() || !id.get().equals(key.keyId())) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(blob);
        in.position(2 + (blob[1] & 0xFF));
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        try {
            return Optional.of(gcm(Cipher.DECRYPT_MODE, key, nonce, aad(key, context), sealed));
        } catch (IllegalStateException authenticationFailed) {
            return Optional.empty();
        }
    }

    private static byte[] aad(KmsKey key, Map<String, String> context) {
        try {
            String sorted = AwsJson.mapper().writeValueAsString(new TreeMap<>(context));
            return (key.arn() + "\n" + sorted).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gcm(int mode, KmsKey key, byte[] nonce, byte[] aad, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }
}
