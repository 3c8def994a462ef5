package dev.warden.sandbox.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionEnvironmentTest {

    @Test
    void addsTermAlwaysAndLangOnlyWhenUnset() {
        Map<String, String> env = SessionEnvironment.build(Map.of("PATH", "/x", "TERM", "dumb"), null, Map.of());
        assertThat(env).containsEntry("TERM", "xterm-256color")
                .containsEntry("LANG", "C.UTF-8")
                .containsEntry("PATH", "/x")
                .doesNotContainKey("HOME");
    }

    @Test
    void keepsAnInheritedLang() {
        Map<String, String> env = SessionEnvironment.build(Map.of("LANG", "de_DE.UTF-8"), null, Map.of());
        assertThat(env).containsEntry("LANG", "de_DE.UTF-8");
    }

    @Test
    void anEmptyInheritedLangCountsAsUnset() {
        Map<String, String> env = SessionEnvironment.build(Map.of("LANG", ""), null, Map.of());
        assertThat(env).containsEntry("LANG", "C.UTF-8");
    }

    @Test
    void runAsUserGetsTheAgentsHomeRule() {
        Map<String, String> env = SessionEnvironment.build(Map.of("HOME", "/root"), "alice", Map.of());
        assertThat(env).containsEntry("HOME", "/home/alice");
    }

    @Test
    void withoutRunAsTheInheritedHomeStays() {
        Map<String, String> env = SessionEnvironment.build(Map.of("HOME", "/somewhere"), null, Map.of());
        assertThat(env).containsEntry("HOME", "/somewhere");
    }

    @Test
    void callerAdditionsWinOverTheRules() {
        Map<String, String> env = SessionEnvironment.build(Map.of(), "alice",
                Map.of("TERM", "vt100", "LANG", "C", "HOME", "/h", "EXTRA", "1"));
        assertThat(env).containsEntry("TERM", "vt100").containsEntry("LANG", "C")
                .containsEntry("HOME", "/h").containsEntry("EXTRA", "1");
    }
}
