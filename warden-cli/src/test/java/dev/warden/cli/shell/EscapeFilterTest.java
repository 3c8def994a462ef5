package dev.warden.cli.shell;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EscapeFilterTest {

    @Test
    void tilde_dot_at_the_start_leaves() {
        EscapeFilter filter = new EscapeFilter();
        EscapeFilter.Result r = filter.filter(bytes("~."), 2);
        assertThat(r.leave()).isTrue();
        assertThat(r.toSend()).isEmpty();
    }

    @Test
    void tilde_dot_after_enter_leaves_and_keeps_what_came_before() {
        EscapeFilter filter = new EscapeFilter();
        EscapeFilter.Result r = filter.filter(bytes("ls\r~.rest"), 9);
        assertThat(r.leave()).isTrue();
        assertThat(new String(r.toSend(), StandardCharsets.US_ASCII)).isEqualTo("ls\r");
    }

    @Test
    void the_escape_spans_separate_reads_as_keys_arrive_one_by_one() {
        EscapeFilter filter = new EscapeFilter();
        assertThat(filter.filter(bytes("\r"), 1).toSend()).containsExactly('\r');
        EscapeFilter.Result tilde = filter.filter(bytes("~"), 1);
        assertThat(tilde.toSend()).isEmpty();
        assertThat(tilde.leave()).isFalse();
        assertThat(filter.filter(bytes("."), 1).leave()).isTrue();
    }

    @Test
    void a_tilde_inside_a_line_or_followed_by_another_key_passes_through() {
        EscapeFilter filter = new EscapeFilter();
        assertThat(text(filter.filter(bytes("cd ~."), 5))).isEqualTo("cd ~.");
        assertThat(text(filter.filter(bytes("\r~/x"), 4))).isEqualTo("\r~/x");
        assertThat(text(filter.filter(bytes("\n~~"), 3))).isEqualTo("\n~");
    }

    @Test
    void control_keys_and_arrow_sequences_pass_unchanged() {
        EscapeFilter filter = new EscapeFilter();
        byte[] keys = {3, 26, 27, '[', 'A', 28};
        EscapeFilter.Result r = filter.filter(keys, keys.length);
        assertThat(r.toSend()).containsExactly(keys);
        assertThat(r.leave()).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(EscapeFilter.Result r) {
        return new String(r.toSend(), StandardCharsets.US_ASCII);
    }
}
