package dev.warden.sandbox.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.sandbox.config.KmsKeyConfig;
import dev.warden.sandbox.protocol.AwsJson;
import dev.warden.sandbox.protocol.AwsServiceException;
import dev.warden.sandbox.protocol.CallContext;
import dev.warden.sandbox.protocol.CommonErrors;
import dev.warden.sandbox.protocol.JsonOperation;
import dev.warden.sandbox.protocol.JsonService;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The emulated KMS ({@code X-Amz-Target: TrentService.<Operation>}, signing name {@code kms}): the two
 * operations Session Manager's encryption handshake uses. The client calls GenerateDataKey (64 bytes, with
 * the session id and target as encryption context); the emulated agent, inside the sandbox, decrypts the
 * blob with {@link #decryptDataKey}.
 */
public final class KmsApi {

    private final KmsKeyRing keys;
    private final DataKeyCipher cipher;
    private final SecureRandom random = new SecureRandom();

    public KmsApi(List<KmsKeyConfig> keyConfigs, String region, String accountId) {
        this.keys = new KmsKeyRing(keyConfigs, region, accountId, random);
        this.cipher = new DataKeyCipher(random);
    }

    public JsonService service() {
        Map<String, JsonOperation> ops = new LinkedHashMap<>();
        ops.put("GenerateDataKey", this::generateDataKey);
        ops.put("Decrypt", this::decrypt);
        return new JsonService("TrentService", "kms", "KMSInternalException", ops);
    }

    /**
     * For the emulated agent: the plaintext of a CiphertextBlob, or empty when it does not decrypt with this
     * context (the agent then fails the handshake as a real one would on InvalidCiphertextException).
     */
    public Optional<byte[]> decryptDataKey(byte[] ciphertextBlob, Map<String, String> encryptionContext) {
        return DataKeyCipher.keyIdOf(ciphertextBlob).flatMap(keys::byKeyId)
                .flatMap(key -> cipher.decrypt(key, ciphertextBlob, encryptionContext));
    }

    private ObjectNode generateDataKey(JsonNode in, CallContext context) {
        String keyId = AwsJson.length(AwsJson.requiredString(in, "KeyId"), "KeyId", 1, 2048);
        Optional<Integer> numberOfBytes = AwsJson.integer(in, "NumberOfBytes")
                .map(n -> AwsJson.range(n, "NumberOfBytes", 1, 1024));
        Optional<String> keySpec = AwsJson.string(in, "KeySpec")
                .map(s -> AwsJson.oneOf(s, "KeySpec", List.of("AES_256", "AES_128")));
        if (numberOfBytes.isPresent() == keySpec.isPresent()) {
            throw CommonErrors.validation(null, "numberOfBytes", "Please specify either number of bytes or key spec"
                    + " (exactly one of them).");
        }
        Map<String, String> encryptionContext = encryptionContext(in);
        KmsKey key = keys.resolve(keyId);
        byte[] plaintext = new byte[numberOfBytes.orElseGet(() -> keySpec.get().equals("AES_256") ? 32 : 16)];
        random.nextBytes(plaintext);
        ObjectNode out = AwsJson.object();
        out.put("CiphertextBlob", Base64.getEncoder().encodeToString(cipher.encrypt(key, plaintext, encryptionContext)));
        out.put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
        out.put("KeyId", key.arn());
        return out;
    }

    private ObjectNode decrypt(JsonNode in, CallContext context) {
        byte[] blob = blob(AwsJson.requiredString(in, "CiphertextBlob"));
        Map<String, String> encryptionContext = encryptionContext(in);
        Optional<KmsKey> requested = AwsJson.string(in, "KeyId").map(keys::resolve);
        String blobKeyId = DataKeyCipher.keyIdOf(blob).orElseThrow(KmsApi::invalidCiphertext);
        KmsKey key = keys.byKeyId(blobKeyId).orElseThrow(KmsApi::invalidCiphertext);
        if (requested.isPresent() && !requested.get().keyId().equals(key.keyId())) {
            throw AwsServiceException.clientError("IncorrectKeyException", "The key ID in the request does not"
                    + " identify a CMK that can perform this operation.");
        }
        byte[] plaintext = cipher.decrypt(key, blob, encryptionContext).orElseThrow(KmsApi::invalidCiphertext);
        ObjectNode out = AwsJson.object();
        out.put("KeyId", key.arn());
        out.put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
        out.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        return out;
    }

    private static Map<String, String> encryptionContext(JsonNode in) {
        Map<String, String> context = new LinkedHashMap<>();
        AwsJson.structure(in, "EncryptionContext").ifPresent(node -> node.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw CommonErrors.serialization("EncryptionContext values must be strings");
            }
            context.put(e.getKey(), e.getValue().asText());
        }));
        return context;
    }

    private static byte[] blob(String base64) {
        try {
            byte[] blob = Base64.getDecoder().decode(base64);
            if (blob.length < 1 || blob.length > 6144) {
                throw CommonErrors.validation("(blob)", "ciphertextBlob", "Member must have length between 1 and 6144");
            }
            return blob;
        } catch (IllegalArgumentException e) {
            throw CommonErrors.serialization("CiphertextBlob is not valid base64");
        }
    }

    /** KMS sends InvalidCiphertextException without a message. */
    private static AwsServiceException invalidCiphertext() {
        return new AwsServiceException("InvalidCiphertextException", 400, null, "message");
    }
}
