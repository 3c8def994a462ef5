package dev.warden.cli.shell;

import java.io.ByteArrayOutputStream;

/**
 * The SSH-style escape on keyboard input: {@code ~} typed at the start of a line (after Enter, or as the very
 * first key) is held back; {@code ~.} then means "leave the session", {@code ~~} sends one {@code ~}, and {@code ~}
 * followed by anything else sends both keys. Everything else passes through unchanged, byte for byte. One instance
 * per session; not thread-safe (one reader thread feeds it).
 */
public final class EscapeFilter {

    /** What one chunk of input became. */
    public record Result(byte[] toSend, boolean leave) {
    }

    private static final byte ESCAPE = '~';
    private static final byte LEAVE = '.';

    private boolean atLineStart = true;
    private boolean escapePending;

    /** Filters one chunk of input; on {@code leave}, the bytes before the escape are still in {@code toSend}. */
    public Result filter(byte[] input, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 1);
        for (int i = 0; i < length; i++) {
            byte b = input[i];
            if (escapePending) {
                escapePending = false;
                if (b == LEAVE) {
                    return new Result(out.toByteArray(), true);
                }
                if (b != ESCAPE) {
                    out.write(ESCAPE);
                }
                out.write(b);
                atLineStart = isNewline(b);
                continue;
            }
            if (atLineStart && b == ESCAPE) {
                escapePending = true;
                continue;
            }
            out.write(b);
            atLineStart = isNewline(b);
        }
        return new Result(out.toByteArray(), false);
    }

    private static boolean isNewline(byte b) {
        return b == '\r' || b == '\n';
    }
}
