package dev.warden.protocol.crypto;

import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/** AES-GCM session encryption over arbitrary keys and plaintexts. */
class SessionCipherProperties {

    @Property(tries = 300)
    void whatOneSideEncryptsTheOtherDecrypts(@ForAll("keys") byte[] key, @ForAll @Size(max = 2048) byte[] plaintext) {
        SessionDataKey dataKey = SessionDataKey.of(key);
        SessionCipher client = dataKey.forClient();
        SessionCipher agent = dataKey.forAgent();

        byte[] toAgent = client.encrypt(plaintext);
        byte[] toClient = agent.encrypt(plaintext);

        assertThat(toAgent).hasSize(plaintext.length + SessionCipher.OVERHEAD);
        assertThat(toClient).hasSize(plaintext.length + SessionCipher.OVERHEAD);
        assertThat(agent.decrypt(toAgent).value()).isEqualTo(plaintext);
        assertThat(client.decrypt(toClient).value()).isEqualTo(plaintext);
        // Each direction has its own key: a side cannot read its own messages (unless both halves are equal).
        boolean halvesDiffer = !java.util.Arrays.equals(key, 0, 32, key, 32, 64);
        assertThat(client.decrypt(toAgent).isOk()).isEqualTo(!halvesDiffer);
        assertThat(agent.decrypt(toClient).isOk()).isEqualTo(!halvesDiffer);
    }

    @Property(tries = 300)
    void anyFlippedBitIsDetected(@ForAll("keys") byte[] key, @ForAll @Size(max = 256) byte[] plaintext,
                                 @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int position) {
        SessionDataKey dataKey = SessionDataKey.of(key);
        byte[] wire = dataKey.forClient().encrypt(plaintext);
        int bit = position % (wire.length * 8);
        wire[bit / 8] ^= (byte) (1 << (bit % 8));

        Decoding<byte[]> result = dataKey.forAgent().decrypt(wire);

        assertThat(result.isOk()).isFalse();
        assertThat(result.error().kind()).isEqualTo(Kind.DECRYPTION_FAILED);
    }

    @Property(tries = 300)
    void anyTruncationIsDetected(@ForAll("keys") byte[] key, @ForAll @Size(max = 256) byte[] plaintext,
                                 @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int cut) {
        SessionDataKey dataKey = SessionDataKey.of(key);
        byte[] wire = dataKey.forAgent().encrypt(plaintext);
        byte[] truncated = java.util.Arrays.copyOf(wire, cut % wire.length);

        Decoding<byte[]> result = dataKey.forClient().decrypt(truncated);

        assertThat(result.isOk()).isFalse();
        assertThat(result.error().kind()).isEqualTo(Kind.DECRYPTION_FAILED);
    }

    @Property(tries = 500)
    void arbitraryBytesNeverThrow(@ForAll("keys") byte[] key, @ForAll @Size(max = 300) byte[] garbage) {
        Decoding<byte[]> result = SessionDataKey.of(key).forClient().decrypt(garbage);

        assertThat(result.isOk()).isFalse();
        assertThat(result.error().kind()).isEqualTo(Kind.DECRYPTION_FAILED);
    }

    @Property(tries = 100)
    void consecutiveEncryptionsUseFreshNonces(@ForAll("keys") byte[] key, @ForAll @Size(max = 64) byte[] plaintext) {
        SessionDataKey dataKey = SessionDataKey.of(key);
        for (SessionCipher cipher : new SessionCipher[] {dataKey.forClient(), dataKey.forAgent()}) {
            byte[] first = cipher.encrypt(plaintext);
            byte[] second = cipher.encrypt(plaintext);
            assertThat(java.util.Arrays.copyOf(first, 12)).isNotEqualTo(java.util.Arrays.copyOf(second, 12));
            assertThat(first).isNotEqualTo(second);
        }
    }

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(SessionDataKey.LENGTH);
    }
}
