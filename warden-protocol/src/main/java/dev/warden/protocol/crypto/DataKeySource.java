package dev.warden.protocol.crypto;

import java.util.Optional;

/**
 * Obtains the session data key when the agent asks for KMS encryption. The client implements it with KMS
 * GenerateDataKey ({@code KeyId} = the requested key, {@code NumberOfBytes} = {@value SessionDataKey#LENGTH},
 * encryption context {@code aws:ssm:SessionId} and {@code aws:ssm:TargetId}, client-protocol.md §5.3); the
 * protocol library only defines the seam, so it needs no AWS SDK.
 */
@FunctionalInterface
public interface DataKeySource {

    /**
     * Generates a data key under {@code kmsKeyId}.
     *
     * @param kmsKeyId        the {@code KMSKeyId} of the agent's KMSEncryption action
     * @param randomChallenge the agent's {@code Challenge} string, when it sent one. An implementation that
     *                        adds it to the encryption context as {@code aws:ssm:RandomChallenge} reports that
     *                        through {@link GeneratedDataKey#challengeAcknowledged()}
     * @throws DataKeyUnavailableException when no key can be had; its message goes to the agent
     */
    GeneratedDataKey generate(String kmsKeyId, Optional<String> randomChallenge) throws DataKeyUnavailableException;
}
