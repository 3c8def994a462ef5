package dev.warden.sandbox.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8CarryTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] accept(Utf8Carry carry, byte[] data) {
        return carry.accept(data, 0, data.length);
    }

    @Test
    void asciiPassesThroughWithoutCarry() {
        Utf8Carry carry = new Utf8Carry();
        assertThat(accept(carry, "hello\r\n".getBytes(StandardCharsets.US_ASCII))).asString().isEqualTo("hello\r\n");
        assertThat(carry.carriedLength()).isZero();
    }

    @Test
    void threeByteCharacterSplitAcrossReadsArrivesWhole() {
        Utf8Carry carry = new Utf8Carry();
        assertThat(accept(carry, bytes('a', 0xE2, 0x82))).containsExactly('a');
        assertThat(carry.carriedLength()).isEqualTo(2);
        assertThat(accept(carry, bytes(0xAC, 'b'))).containsExactly(0xE2, 0x82, 0xAC, 'b');
        assertThat(carry.carriedLength()).isZero();
    }

    @ParameterizedTest(name = "split after {0} byte(s)")
    @CsvSource({"1", "2", "3"})
    void fourByteCharacterSplitAnywhereArrivesWhole(int splitAt) {
        byte[] emoji = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8); // U+1F600, four bytes
        Utf8Carry carry = new Utf8Carry();
        assertThat(carry.accept(emoji, 0, splitAt)).isEmpty();
        assertThat(carry.accept(emoji, splitAt, emoji.length - splitAt)).containsExactly(emoji);
    }

    @Test
    void invalidByteBeforeTheLastThreePassesThroughImmediately() {
        Utf8Carry carry = new Utf8Carry();
        assertThat(accept(carry, bytes(0xFF, 'a', 'b', 'c', 'd'))).containsExactly(0xFF, 'a', 'b', 'c', 'd');
        assertThat(carry.carriedLength()).isZero();
    }

    @Test
    void invalidByteAtTheEndIsCarriedOnceThenPassesThrough() {
        Utf8Carry carry = new Utf8Carry();
        assertThat(accept(carry, bytes('a', 0xFF))).containsExactly('a');
        assertThat(accept(carry, bytes('b', 'c', 'd'))).containsExactly(0xFF, 'b', 'c', 'd');
    }

    @Test
    void drainHandsOverWhatIsStillCarried() {
        Utf8Carry carry = new Utf8Carry();
        accept(carry, bytes('x', 0xF0, 0x9F));
        assertThat(carry.drain()).containsExactly(0xF0, 0x9F);
        assertThat(carry.drain()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ascii,            41,          1",
            "two-byte,         C3 A9,       2",
            "three-byte,       E2 82 AC,    3",
            "four-byte,        F0 9F 98 80, 4",
            "max code point,   F4 8F BF BF, 4",
            "overlong two,     C0 80,       0",
            "overlong three,   E0 80 80,    0",
            "overlong four,    F0 80 80 80, 0",
            "surrogate,        ED A0 80,    0",
            "beyond U+10FFFF,  F4 90 80 80, 0",
            "lone continuation, 80,         0",
            "bad continuation, E2 41 41,    0",
            "truncated,        E2 82,       0",
            "replacement char, EF BF BD,    3"})
    void recognisesExactlyTheWellFormedSequences(String name, String hex, int expectedLength) {
        String[] parts = hex.trim().split(" ");
        byte[] sequence = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            sequence[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        assertThat(Utf8Carry.completeSequenceLength(sequence, 0)).isEqualTo(expectedLength);
    }

    @Test
    void randomReadsOfMixedTextNeverBreakACharacterAndLoseNothing() throws CharacterCodingException {
        Random random = new Random(20240611L);
        StringBuilder text = new StringBuilder();
        String[] alphabet = {"a", "é", "€", "\uD83D\uDE00", "\n"};
        while (text.length() < 200_000) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        byte[] input = text.toString().getBytes(StandardCharsets.UTF_8);

        Utf8Carry carry = new Utf8Carry();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int offset = 0;
        while (offset < input.length) {
            int read = Math.min(1 + random.nextInt(1024), input.length - offset);
            byte[] chunk = carry.accept(input, offset, read);
            offset += read;
            assertThat(chunk.length).isLessThanOrEqualTo(read + 3);
            strictlyDecode(chunk);
            joined.writeBytes(chunk);
        }
        joined.writeBytes(carry.drain());
        assertThat(joined.toByteArray()).isEqualTo(input);
    }

    private static void strictlyDecode(byte[] chunk) throws CharacterCodingException {
        StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(chunk));
    }
}
