package dev.warden.protocol.channel;

/** Comparisons of {@link Ticker} readings that stay correct when the counter wraps around. */
final class NanoTime {

    private NanoTime() {
    }

    /** True once {@code now} has reached {@code deadline}. */
    static boolean reached(long now, long deadline) {
        return now - deadline >= 0;
    }

    /** The earlier of two readings. */
    static long earliest(long a, long b) {
        return a - b <= 0 ? a : b;
    }
}
