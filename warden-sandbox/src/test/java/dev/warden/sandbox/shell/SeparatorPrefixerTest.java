package dev.warden.sandbox.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SeparatorPrefixerTest {

    private static String apply(SeparatorPrefixer prefixer, String read) {
        byte[] bytes = read.getBytes(StandardCharsets.UTF_8);
        return new String(prefixer.apply(bytes, bytes.length), StandardCharsets.UTF_8);
    }

    @Test
    void prefixesTheFirstReadAndEveryReadAfterOneEndingInNewline() {
        SeparatorPrefixer prefixer = new SeparatorPrefixer("OUT:".getBytes(StandardCharsets.US_ASCII));
        assertThat(apply(prefixer, "partial")).isEqualTo("OUT:partial");
        assertThat(apply(prefixer, " line\n")).isEqualTo(" line\n");
        assertThat(apply(prefixer, "next\n")).isEqualTo("OUT:next\n");
        assertThat(apply(prefixer, "a\nb")).isEqualTo("OUT:a\nb");
        assertThat(apply(prefixer, "c")).isEqualTo("c");
    }

    @Test
    void emptyPrefixChangesNothing() {
        SeparatorPrefixer prefixer = new SeparatorPrefixer(new byte[0]);
        assertThat(apply(prefixer, "x\n")).isEqualTo("x\n");
        assertThat(apply(prefixer, "y")).isEqualTo("y");
    }

    @Test
    void anEmptyReadProducesNothingAndLeavesThePrefixDue() {
        SeparatorPrefixer prefixer = new SeparatorPrefixer("E:".getBytes(StandardCharsets.US_ASCII));
        assertThat(prefixer.apply(new byte[8], 0)).isEmpty();
        assertThat(apply(prefixer, "z")).isEqualTo("E:z");
    }
}
