package dev.warden.protocol.crypto;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NonceSourceTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theCounterReturnsItsStateAndThenAddsOneLittleEndian() {
        NonceSource counter = NonceSource.counterStartingAt(HEX.parseHex("000000000000000000000000"));

        assertThat(HEX.formatHex(counter.next())).isEqualTo("000000000000000000000000");
        assertThat(HEX.formatHex(counter.next())).isEqualTo("010000000000000000000000");
        assertThat(HEX.formatHex(counter.next())).isEqualTo("020000000000000000000000");
    }

    @Test
    void theCounterCarriesAcrossTheAgentsThirtyTwoBitWords() {
        // The agent's words {0xffffffff, 1, 0} serialised little-endian; +1 carries into the second word.
        NonceSource counter = NonceSource.counterStartingAt(HEX.parseHex("ffffffff0100000000000000"));

        assertThat(HEX.formatHex(counter.next())).isEqualTo("ffffffff0100000000000000");
        assertThat(HEX.formatHex(counter.next())).isEqualTo("000000000200000000000000");
    }

    @Test
    void theCounterCarriesIntoTheLastWordAndWrapsAround() {
        NonceSource counter = NonceSource.counterStartingAt(HEX.parseHex("ffffffffffffffffffffff7f"));
        counter.next();
        assertThat(HEX.formatHex(counter.next())).isEqualTo("000000000000000000000080");

        NonceSource last = NonceSource.counterStartingAt(HEX.parseHex("ffffffffffffffffffffffff"));
        last.next();
        assertThat(HEX.formatHex(last.next())).isEqualTo("000000000000000000000000");
    }

    @Test
    void theCounterKeepsItsOwnCopyOfTheStart() {
        byte[] initial = new byte[12];
        NonceSource counter = NonceSource.counterStartingAt(initial);
        initial[0] = 9;
        byte[] first = counter.next();
        first[1] = 9;

        assertThat(HEX.formatHex(counter.next())).isEqualTo("010000000000000000000000");
    }

    @Test
    void aCounterNeedsTwelveBytes() {
        assertThatThrownBy(() -> NonceSource.counterStartingAt(new byte[11])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomNoncesAreTwelveFreshBytes() {
        NonceSource random = NonceSource.random(new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            byte[] nonce = random.next();
            assertThat(nonce).hasSize(NonceSource.NONCE_LENGTH);
            assertThat(seen.add(HEX.formatHex(nonce))).isTrue();
        }
    }

    @Test
    void aRandomlySeededCounterStillCounts() {
        NonceSource counter = NonceSource.randomCounter();
        BigInteger first = littleEndian(counter.next());
        BigInteger second = littleEndian(counter.next());

        assertThat(second).isEqualTo(first.add(BigInteger.ONE).mod(BigInteger.TWO.pow(96)));
    }

    private static BigInteger littleEndian(byte[] nonce) {
        byte[] bigEndian = new byte[nonce.length];
        for (int i = 0; i < nonce.length; i++) {
            bigEndian[i] = nonce[nonce.length - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    @Test
    void aCipherRefusesANonceOfTheWrongLength() {
        SessionCipher cipher = SessionDataKey.of(new byte[64]).forClient(() -> new byte[8]);
        assertThatThrownBy(() -> cipher.encrypt(new byte[1])).isInstanceOf(IllegalStateException.class);
    }
}
