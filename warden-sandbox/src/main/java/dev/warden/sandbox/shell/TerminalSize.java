package dev.warden.sandbox.shell;

/**
 * A terminal window size in character cells. Both values are 16-bit on the wire to the kernel
 * ({@code struct winsize}); the agent narrows the client's 32-bit {@code Size} values with a plain cast,
 * which {@link #narrowedLikeTheAgent(long, long)} reproduces.
 */
public record TerminalSize(int columns, int rows) {

    private static final int MAX = 0xFFFF;

    public TerminalSize {
        if (columns < 0 || columns > MAX || rows < 0 || rows > MAX) {
            throw new IllegalArgumentException("terminal size out of range: " + columns + "x" + rows);
        }
    }

    /** The size the agent would set for a client's {@code {"cols":…,"rows":…}}: each value cut to 16 bits. */
    public static TerminalSize narrowedLikeTheAgent(long columns, long rows) {
        return new TerminalSize((int) (columns & MAX), (int) (rows & MAX));
    }
}
