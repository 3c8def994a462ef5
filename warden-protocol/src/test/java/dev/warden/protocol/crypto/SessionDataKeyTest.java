package dev.warden.protocol.crypto;

import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.testing.SharedVectors;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionDataKeyTest {

    private static final byte[] KEY = SharedVectors.hex(SharedVectors.read("kms.json").get("dataKeyPlaintextHex"));

    @Test
    void aDataKeyHasSixtyFourBytes() {
        assertThatThrownBy(() -> SessionDataKey.of(new byte[32])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64");
        assertThatThrownBy(() -> SessionDataKey.of(new byte[65])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCallersArrayIsCopied() {
        byte[] key = KEY.clone();
        SessionDataKey dataKey = SessionDataKey.of(key);
        java.util.Arrays.fill(key, (byte) 0);

        // ls\r with the nonce of kms.json "client-encrypt-ls" still gives the recorded payload.
        byte[] wire = dataKey.forClient(ScriptedNonces.ofHex("000102030405060708090a0b")).encrypt("ls\r".getBytes());
        assertThat(HexFormat.of().formatHex(wire)).isEqualTo("000102030405060708090a0b7e082f4d640c7dd102ff4a9cb8cdcdbb4a0946");
    }

    @Test
    void noKeyMaterialInTextForms() {
        SessionDataKey dataKey = SessionDataKey.of(KEY);
        String hex = HexFormat.of().formatHex(KEY);
        for (Object value : new Object[] {dataKey, dataKey.forClient(), dataKey.forAgent(),
                new GeneratedDataKey(dataKey, new byte[] {1, 2, 3}, false),
                EncryptionChallenge.issue(dataKey.forAgent(), new byte[64])}) {
            String text = value.toString();
            assertThat(text).contains("redacted");
            for (int i = 0; i + 8 <= hex.length(); i += 2) {
                assertThat(text).doesNotContain(hex.substring(i, i + 8));
            }
        }
    }

    @Test
    void destroyingTheDataKeyWipesItAndForbidsNewCiphers() throws Exception {
        SessionDataKey dataKey = SessionDataKey.of(KEY);
        SessionCipher made = dataKey.forClient();

        dataKey.destroy();

        assertThat(dataKey.isDestroyed()).isTrue();
        assertThat((byte[]) field(field(dataKey, "key"), "bytes")).containsOnly(0);
        assertThatThrownBy(dataKey::forClient).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(dataKey::forAgent).isInstanceOf(IllegalStateException.class);
        // A cipher made before holds its own copy of its halves.
        assertThat(made.encrypt(new byte[] {1})).hasSize(1 + SessionCipher.OVERHEAD);
    }

    @Test
    void destroyingACipherWipesBothHalves() throws Exception {
        SessionCipher cipher = SessionDataKey.of(KEY).forAgent();
        AesKey encryption = (AesKey) field(cipher, "encryptionKey");
        AesKey decryption = (AesKey) field(cipher, "decryptionKey");

        cipher.destroy();

        assertThat(cipher.isDestroyed()).isTrue();
        assertThat((byte[]) field(field(encryption, "material"), "bytes")).containsOnly(0);
        assertThat((byte[]) field(field(decryption, "material"), "bytes")).containsOnly(0);
        assertThatThrownBy(() -> cipher.encrypt(new byte[1])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt(new byte[40])).isInstanceOf(IllegalStateException.class);
        assertThat(cipher.toString()).contains("destroyed");
    }

    @Test
    void eachSideEncryptsAndDecryptsItsOwnPayloadTypes() {
        SessionCipher client = SessionDataKey.of(KEY).forClient();
        SessionCipher agent = SessionDataKey.of(KEY).forAgent();
        assertThat(client.side()).isEqualTo(SessionSide.CLIENT);
        assertThat(agent.side()).isEqualTo(SessionSide.AGENT);

        for (PayloadType type : PayloadType.values()) {
            boolean output = type == PayloadType.OUTPUT;
            boolean streamOutput = output || type == PayloadType.STDERR || type == PayloadType.EXIT_CODE;
            assertThat(client.encryptsOutgoing(type.code())).as("client encrypts %s", type).isEqualTo(output);
            assertThat(client.decryptsIncoming(type.code())).as("client decrypts %s", type).isEqualTo(streamOutput);
            assertThat(agent.encryptsOutgoing(type.code())).as("agent encrypts %s", type).isEqualTo(streamOutput);
            assertThat(agent.decryptsIncoming(type.code())).as("agent decrypts %s", type).isEqualTo(output);
        }
        assertThat(client.decryptsIncoming(13)).isFalse();
        assertThat(agent.encryptsOutgoing(-1)).isFalse();
    }

    @Test
    void theChallengeStepsCheckWhichSideTheyAreGiven() {
        SessionDataKey dataKey = SessionDataKey.of(KEY);
        assertThatThrownBy(() -> EncryptionChallenge.issue(dataKey.forClient(), new byte[64]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EncryptionChallenge.answer(dataKey.forAgent(), new byte[92]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }
}
