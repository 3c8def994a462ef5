package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.SandboxFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** The emulated KMS as Session Manager's encryption handshake uses it, through the AWS SDK for Java. */
class KmsSdkTest {

    private static final String KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String OTHER_KEY = "0987dcba-09fe-87dc-65ba-ab0987654321";
    private static final String KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/" + KEY;
    private static final Map<String, String> CONTEXT =
            Map.of("aws:ssm:SessionId", "alice-0123456789abcdef0", "aws:ssm:TargetId", "i-0a1b2c3d4e5f60001");

    private static SandboxFixture sandbox;
    private static KmsClient kms;

    @BeforeAll
    static void start() {
        sandbox = new SandboxFixture(SandboxConfigLoader.fromYaml("""
                kms:
                  keys:
                    - keyId: %s
                      aliases: [alias/session-manager]
                    - keyId: %s
                """.formatted(KEY, OTHER_KEY), "kms-test.yaml"));
        kms = sandbox.kms(SandboxFixture.ALICE);
    }

    @AfterAll
    static void stop() {
        kms.close();
        sandbox.close();
    }

    @Test
    void aSessionDataKeyRoundTripsThroughDecryptAndTheEmulatedAgent() {
        GenerateDataKeyResponse key = kms.generateDataKey(b -> b.keyId("alias/session-manager").numberOfBytes(64)
                .encryptionContext(CONTEXT));

        assertThat(key.plaintext().asByteArray()).hasSize(64);
        assertThat(key.keyId()).isEqualTo(KEY_ARN);
        DecryptResponse decrypted = kms.decrypt(b -> b.ciphertextBlob(key.ciphertextBlob()).encryptionContext(CONTEXT));
        assertThat(decrypted.plaintext().asByteArray()).isEqualTo(key.plaintext().asByteArray());
        assertThat(decrypted.keyId()).isEqualTo(KEY_ARN);
        assertThat(decrypted.encryptionAlgorithmAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(sandbox.server().kms().decryptDataKey(key.ciphertextBlob().asByteArray(), CONTEXT))
                .hasValueSatisfying(p -> assertThat(p).isEqualTo(key.plaintext().asByteArray()));
    }

    @Test
    void everyKeyNameFormWorks() {
        for (String id : new String[] {KEY, KEY_ARN, "alias/session-manager",
                "arn:aws:kms:us-east-1:123456789012:alias/session-manager"}) {
            assertThat(kms.generateDataKey(b -> b.keyId(id).keySpec("AES_256")).plaintext().asByteArray()).hasSize(32);
        }
    }

    @Test
    void aDifferentEncryptionContextIsAnInvalidCiphertext() {
        GenerateDataKeyResponse key = kms.generateDataKey(b -> b.keyId(KEY).numberOfBytes(64)
                .encryptionContext(CONTEXT));

        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(key.ciphertextBlob())
                .encryptionContext(Map.of("aws:ssm:SessionId", "alice-0123456789abcdef0",
                        "aws:ssm:TargetId", "i-0a1b2c3d4e5f60002"))))
                .isInstanceOfSatisfying(InvalidCiphertextException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidCiphertextException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(key.ciphertextBlob())))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThat(sandbox.server().kms().decryptDataKey(key.ciphertextBlob().asByteArray(), Map.of())).isEmpty();
    }

    @Test
    void aTamperedBlobIsAnInvalidCiphertext() {
        byte[] blob = kms.generateDataKey(b -> b.keyId(KEY).numberOfBytes(64)).ciphertextBlob().asByteArray();
        blob[blob.length - 1] ^= 1;

        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(blob))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromUtf8String("not a kms blob"))))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void unknownKeysAreNotFoundInKmsWords() {
        assertThatThrownBy(() -> kms.generateDataKey(b -> b.keyId("11111111-2222-3333-4444-555555555555")
                .numberOfBytes(64)))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Key 'arn:aws:kms:us-east-1:123456789012:"
                            + "key/11111111-2222-3333-4444-555555555555' does not exist");
                });
        assertThatThrownBy(() -> kms.generateDataKey(b -> b.keyId("alias/nope").numberOfBytes(64)))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Alias arn:aws:kms:us-east-1:123456789012:alias/nope is not found."));
    }

    @Test
    void decryptingWithTheWrongKeyIdIsAnIncorrectKey() {
        GenerateDataKeyResponse key = kms.generateDataKey(b -> b.keyId(KEY).numberOfBytes(64));

        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(key.ciphertextBlob()).keyId(OTHER_KEY)))
                .isInstanceOf(IncorrectKeyException.class);
        assertThat(kms.decrypt(b -> b.ciphertextBlob(key.ciphertextBlob()).keyId("alias/session-manager"))
                .plaintext().asByteArray()).isEqualTo(key.plaintext().asByteArray());
    }

    @Test
    void numberOfBytesOrKeySpecIsRequiredAndBounded() {
        assertThatThrownBy(() -> kms.generateDataKey(b -> b.keyId(KEY)))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
        assertThatThrownBy(() -> kms.generateDataKey(b -> b.keyId(KEY).numberOfBytes(2048)))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("'numberOfBytes'").contains("less than or equal to 1024"));
    }
}
