package dev.warden.sandbox.kms;

import dev.warden.sandbox.config.KmsKeyConfig;
import dev.warden.sandbox.protocol.AwsServiceException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The emulated keys, found by any of the names KMS accepts: key id, key ARN, alias name
 * ({@code alias/…}) or alias ARN. Key material is random per sandbox start, so ciphertexts do not outlive
 * the sandbox (nothing needs them to).
 */
final class KmsKeyRing {

    private final String region;
    private final String accountId;
    private final Map<String, KmsKey> byId = new LinkedHashMap<>();
    private final Map<String, KmsKey> byAlias = new LinkedHashMap<>();

    KmsKeyRing(List<KmsKeyConfig> keys, String region, String accountId, SecureRandom random) {
        this.region = region;
        this.accountId = accountId;
        for (KmsKeyConfig config : keys) {
            byte[] material = new byte[32];
            random.nextBytes(material);
            KmsKey key = new KmsKey(config.keyId(), keyArn(config.keyId()), config.aliases(), material);
            byId.put(key.keyId(), key);
            config.aliases().forEach(alias -> byAlias.put(alias, key));
        }
    }

    /**
     * Resolves a KeyId parameter.
     *
     * @throws AwsServiceException NotFoundException, worded as KMS words it
     */
    KmsKey resolve(String keyId) {
        return find(keyId).orElseThrow(() -> notFound(keyId));
    }

    Optional<KmsKey> byKeyId(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    private Optional<KmsKey> find(String keyId) {
        String prefix = "arn:aws:kms:" + region + ":" + accountId + ":";
        if (keyId.startsWith(prefix + "key/")) {
            return byKeyId(keyId.substring((prefix + "key/").length()));
        }
        if (keyId.startsWith(prefix + "alias/")) {
            return Optional.ofNullable(byAlias.get(keyId.substring(prefix.length())));
        }
        if (keyId.startsWith("alias/")) {
            return Optional.ofNullable(byAlias.get(keyId));
        }
        return byKeyId(keyId);
    }

    private AwsServiceException notFound(String keyId) {
        String prefix = "arn:aws:kms:" + region + ":" + accountId + ":";
        String message;
        if (keyId.startsWith("alias/") || keyId.contains(":alias/")) {
            message = "Alias " + (keyId.startsWith("arn:") ? keyId : prefix + keyId) + " is not found.";
        } else {
            message = "Key '" + (keyId.startsWith("arn:") ? keyId : prefix + "key/" + keyId) + "' does not exist";
        }
        return AwsServiceException.clientError("NotFoundException", message);
    }

    private String keyArn(String keyId) {
        return "arn:aws:kms:" + region + ":" + accountId + ":key/" + keyId;
    }
}
