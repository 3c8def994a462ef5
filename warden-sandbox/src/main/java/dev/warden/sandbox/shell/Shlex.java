package dev.warden.sandbox.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words with the rules of Go's {@code github.com/google/shlex}
 * ({@code shlex.Split}), which the agent uses for NonInteractiveCommands. Those rules are close to, but
 * not the same as, a POSIX shell's:
 * <ul>
 *   <li>words are separated by runs of space, tab, CR and LF;</li>
 *   <li>single quotes keep everything literally up to the next single quote;</li>
 *   <li>inside double quotes a backslash makes <em>any</em> next character literal and is itself dropped
 *       ({@code "a\b"} is {@code ab}; POSIX would keep the backslash);</li>
 *   <li>outside quotes a backslash makes the next character literal (a backslash-newline is a newline,
 *       not a line continuation);</li>
 *   <li>quotes join with adjacent text into one word, and an empty quoted string is an empty word;</li>
 *   <li>{@code #} starts a comment only where a word could start, and the comment runs to the end of the
 *       line; inside a word it is an ordinary character;</li>
 *   <li>no expansion of any kind ({@code $VAR}, globs, {@code ~}) happens.</li>
 * </ul>
 */
public final class Shlex {

    private Shlex() {
    }

    /**
     * The words of {@code input}. Throws with shlex's own messages ({@code EOF found when expecting closing
     * quote}, {@code EOF found after escape character}) when the input ends inside a quote or right after a
     * backslash.
     */
    public static List<String> split(String input) throws ShlexException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        State state = State.START;
        int i = 0;
        while (true) {
            boolean atEnd = i >= input.length();
            int c = atEnd ? -1 : input.codePointAt(i);
            i += atEnd ? 0 : Character.charCount(c);
            switch (state) {
                case START -> {
                    if (atEnd) {
                        return words;
                    } else if (isSpace(c)) {
                        // skip separators between words
                    } else if (c == '"') {
                        state = State.IN_DOUBLE_QUOTES;
                    } else if (c == '\'') {
                        state = State.IN_SINGLE_QUOTES;
                    } else if (c == '\\') {
                        state = State.AFTER_ESCAPE;
                    } else if (c == '#') {
                        state = State.IN_COMMENT;
                    } else {
                        word.appendCodePoint(c);
                        state = State.IN_WORD;
                    }
                }
                case IN_WORD -> {
                    if (atEnd || isSpace(c)) {
                        words.add(word.toString());
                        word.setLength(0);
                        if (atEnd) {
                            return words;
                        }
                        state = State.START;
                    } else if (c == '"') {
                        state = State.IN_DOUBLE_QUOTES;
                    } else if (c == '\'') {
                        state = State.IN_SINGLE_QUOTES;
                    } else if (c == '\\') {
                        state = State.AFTER_ESCAPE;
                    } else {
                        word.appendCodePoint(c);
                    }
                }
                case AFTER_ESCAPE -> {
                    if (atEnd) {
                        throw new ShlexException("EOF found after escape character");
                    }
                    word.appendCodePoint(c);
                    state = State.IN_WORD;
                }
                case IN_DOUBLE_QUOTES -> {
                    if (atEnd) {
                        throw new ShlexException("EOF found when expecting closing quote");
                    } else if (c == '"') {
                        state = State.IN_WORD;
                    } else if (c == '\\') {
                        state = State.AFTER_ESCAPE_IN_DOUBLE_QUOTES;
                    } else {
                        word.appendCodePoint(c);
                    }
                }
                case AFTER_ESCAPE_IN_DOUBLE_QUOTES -> {
                    if (atEnd) {
                        throw new ShlexException("EOF found after escape character");
                    }
                    word.appendCodePoint(c);
                    state = State.IN_DOUBLE_QUOTES;
                }
                case IN_SINGLE_QUOTES -> {
                    if (atEnd) {
                        throw new ShlexException("EOF found when expecting closing quote");
                    } else if (c == '\'') {
                        state = State.IN_WORD;
                    } else {
                        word.appendCodePoint(c);
                    }
                }
                case IN_COMMENT -> {
                    if (atEnd) {
                        return words;
                    } else if (c == '\n') {
                        state = State.START;
                    }
                }
                default -> throw new IllegalStateException("unknown state " + state);
            }
        }
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private enum State {
        START,
        IN_WORD,
        AFTER_ESCAPE,
        IN_DOUBLE_QUOTES,
        AFTER_ESCAPE_IN_DOUBLE_QUOTES,
        IN_SINGLE_QUOTES,
        IN_COMMENT
    }
}
