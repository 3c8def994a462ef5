package dev.warden.sandbox.agent;

import java.util.Map;
import java.util.Optional;

/**
 * KMS Decrypt as the agent calls it for an encrypted session (agent-side.md §8): the client's CiphertextBlob with
 * the session's encryption context. In the sandbox this is the emulated KMS ({@code KmsApi::decryptDataKey}).
 */
@FunctionalInterface
public interface DataKeyDecryption {

    /** The 64-byte plaintext data key, or empty when the blob does not decrypt under {@code encryptionContext}. */
    Optional<byte[]> decrypt(byte[] ciphertextBlob, Map<String, String> encryptionContext);
}
