package dev.warden.sandbox.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cases follow google/shlex's behaviour (the agent's splitter), including where it differs from POSIX. */
class ShlexTest {

    static Stream<Arguments> splits() {
        return Stream.of(
                Arguments.of("", List.of()),
                Arguments.of("   \t\r\n ", List.of()),
                Arguments.of("one two  three", List.of("one", "two", "three")),
                Arguments.of("one \"two three\" four", List.of("one", "two three", "four")),
                Arguments.of("a\tb\nc\rd", List.of("a", "b", "c", "d")),
                Arguments.of("'single $HOME \\n \"x\"'", List.of("single $HOME \\n \"x\"")),
                Arguments.of("\"double \\\" quote\"", List.of("double \" quote")),
                // Inside double quotes shlex drops the backslash before any character (POSIX keeps it before 'a').
                Arguments.of("\"a\\b\\\\c\"", List.of("ab\\c")),
                Arguments.of("escaped\\ space", List.of("escaped space")),
                Arguments.of("\\'x", List.of("'x")),
                Arguments.of("a\\\nb", List.of("a\nb")),
                Arguments.of("pre\"fix\"'suf'fix", List.of("prefixsuffix")),
                Arguments.of("a '' b \"\"", List.of("a", "", "b", "")),
                Arguments.of("''", List.of("")),
                Arguments.of("echo # a comment\nls", List.of("echo", "ls")),
                Arguments.of("# only a comment", List.of()),
                Arguments.of("a#b c", List.of("a#b", "c")),
                Arguments.of("'#' \"#\"", List.of("#", "#")),
                Arguments.of("$HOME ~ *.txt", List.of("$HOME", "~", "*.txt")),
                Arguments.of("sh -c 'echo out; echo err >&2'", List.of("sh", "-c", "echo out; echo err >&2")),
                Arguments.of("héllo wörld €", List.of("héllo", "wörld", "€")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("splits")
    void splitsLikeGoogleShlex(String input, List<String> expected) throws ShlexException {
        assertThat(Shlex.split(input)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("echo 'unterminated", "EOF found when expecting closing quote"),
                Arguments.of("echo \"unterminated", "EOF found when expecting closing quote"),
                Arguments.of("echo \"ends in escape\\", "EOF found after escape character"),
                Arguments.of("trailing\\", "EOF found after escape character"),
                Arguments.of("\\", "EOF found after escape character"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("failures")
    void reportsUnfinishedInputWithShlexMessages(String input, String message) {
        assertThatThrownBy(() -> Shlex.split(input)).isInstanceOf(ShlexException.class).hasMessage(message);
    }
}
