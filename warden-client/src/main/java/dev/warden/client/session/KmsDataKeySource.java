package dev.warden.client.session;

import dev.warden.protocol.crypto.DataKeySource;
import dev.warden.protocol.crypto.DataKeyUnavailableException;
import dev.warden.protocol.crypto.GeneratedDataKey;
import dev.warden.protocol.crypto.SessionDataKey;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The session data key from KMS GenerateDataKey, as the official client asks for it (client-protocol.md §5.3):
 * {@code NumberOfBytes} 64 and the encryption context {@code aws:ssm:SessionId} and {@code aws:ssm:TargetId}.
 * The agent's optional random challenge is not bound into the context, as in the official client; agents only
 * require it when configured to. Blocking: runs off the event loop.
 */
final class KmsDataKeySource implements DataKeySource {

    private final Supplier<KmsClient> kms;
    private final String sessionId;
    private final String targetId;

    KmsDataKeySource(Supplier<KmsClient> kms, String sessionId, String targetId) {
        this.kms = Objects.requireNonNull(kms, "kms");
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.targetId = targetId;
    }

    @Override
    public GeneratedDataKey generate(String kmsKeyId, Optional<String> randomChallenge)
            throws DataKeyUnavailableException {
        KmsClient client = kms.get();
        if (client == null) {
            throw new DataKeyUnavailableException("no KMS client is configured for session encryption");
        }
        if (targetId == null || targetId.isEmpty()) {
            throw new DataKeyUnavailableException("the session's target id is unknown, so no data key can be "
                    + "generated for encryption context aws:ssm:TargetId");
        }
        GenerateDataKeyResponse response;
        try {
            response = client.generateDataKey(r -> r.keyId(kmsKeyId).numberOfBytes(SessionDataKey.LENGTH)
                    .encryptionContext(Map.of("aws:ssm:SessionId", sessionId, "aws:ssm:TargetId", targetId)));
        } catch (SdkException e) {
            throw new DataKeyUnavailableException(String.valueOf(e.getMessage()), e);
        }
        byte[] plaintext = response.plaintext().asByteArray();
        try {
            return new GeneratedDataKey(SessionDataKey.of(plaintext), response.ciphertextBlob().asByteArray(), false);
        } catch (IllegalArgumentException e) {
            throw new DataKeyUnavailableException("KMS returned a data key of " + plaintext.length + " bytes", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
