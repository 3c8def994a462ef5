package dev.warden.sandbox.shell;

/**
 * Inserts a NonInteractiveCommands separator prefix ({@code stdOutSeparatorPrefix} or
 * {@code stdErrSeparatorPrefix}) the way the agent does: before the first non-empty read, and before
 * every read that follows a read ending in {@code '\n'}. The rule works on read boundaries, not on
 * lines: a read holding several lines gets one prefix. With an empty prefix this is the identity.
 *
 * <p>Not thread-safe: one instance belongs to one reading thread.
 */
final class SeparatorPrefixer {

    private final byte[] prefix;
    private boolean prefixDue = true;

    SeparatorPrefixer(byte[] prefix) {
        this.prefix = prefix.clone();
    }

    int prefixLength() {
        return prefix.length;
    }

    /** Returns the read bytes, with the prefix in front when one is due. */
    byte[] apply(byte[] read, int length) {
        if (length == 0) {
            return new byte[0];
        }
        byte[] out;
        if (prefixDue && prefix.length > 0) {
            out = new byte[prefix.length + length];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(read, 0, out, prefix.length, length);
        } else {
            out = new byte[length];
            System.arraycopy(read, 0, out, 0, length);
        }
        prefixDue = read[length - 1] == '\n';
        return out;
    }
}
