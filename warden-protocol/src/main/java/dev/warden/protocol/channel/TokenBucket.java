package dev.warden.protocol.channel;

/**
 * Optional pacing of outgoing frames: at most {@code framesPerSecond} frames and {@code bytesPerSecond} bytes on
 * average, with bursts of up to {@code burstFrames} frames and {@code burstBytes} bytes. The official peers pace
 * by sleeping 1 ms after every message (client-protocol.md §4.7); the engine never sleeps, so pacing is a bucket
 * that says how long the next frame has to wait, and the engine turns that into a deadline.
 *
 * <p>Each dimension is kept as a theoretical arrival time (the "virtual scheduling" form of a token bucket,
 * GCRA): taking a frame pushes that time forward by the frame's cost, and a frame may go once the pushed time is
 * no further ahead of now than the burst allows. Everything is integer nanoseconds, so the wait this class
 * reports is exact: at {@code now + nanosUntilAvailable(...)} the frame is available, never a rounding error
 * short of it.
 *
 * <p>A frame larger than the byte burst is let through whenever the byte bucket is full, and the debt it leaves
 * delays the frames after it; the long-run rate still holds.
 */
public final class TokenBucket {

    /**
     * What a bucket allows. Use {@link Double#POSITIVE_INFINITY} to leave one dimension unlimited.
     *
     * @param framesPerSecond average frame rate, at least 1
     * @param burstFrames     how many frames may go back to back, at least 1
     * @param bytesPerSecond  average byte rate, at least 1
     * @param burstBytes      how many bytes may go back to back, at least 1
     */
    public record Limits(double framesPerSecond, int burstFrames, double bytesPerSecond, long burstBytes) {
        public Limits {
            // Below one per second is not pacing but a stall; the bound also keeps all costs far from overflow.
            if (!(framesPerSecond >= 1) || !(bytesPerSecond >= 1)) {
                throw new IllegalArgumentException("rates must be at least 1 per second");
            }
            if (burstFrames < 1 || burstBytes < 1) {
                throw new IllegalArgumentException("bursts must be at least 1");
            }
        }
    }

    private static final double NANOS_PER_SECOND = 1e9;

    private final long nanosPerFrame;
    private final double nanosPerByte;
    private final long frameTolerance;
    private final long byteTolerance;
    /** When the frame bucket would be empty if nothing more were taken; "full" when not after now. */
    private long frameTat;
    private long byteTat;

    /** A bucket that starts full at {@code nowNanos}. */
    public TokenBucket(Limits limits, long nowNanos) {
        this.nanosPerFrame = (long) Math.ceil(NANOS_PER_SECOND / limits.framesPerSecond());
        this.nanosPerByte = NANOS_PER_SECOND / limits.bytesPerSecond();
        this.frameTolerance = saturatedMultiply(nanosPerFrame, limits.burstFrames());
        this.byteTolerance = costOf(limits.burstBytes());
        this.frameTat = nowNanos;
        this.byteTat = nowNanos;
    }

    /** How long a frame of {@code frameBytes} bytes has to wait from {@code nowNanos}; 0 if it may go now. */
    public long nanosUntilAvailable(int frameBytes, long nowNanos) {
        long frameWait = waitFor(frameTat, nanosPerFrame, frameTolerance, nowNanos);
        long byteWait = waitFor(byteTat, costOf(frameBytes), byteTolerance, nowNanos);
        return Math.max(frameWait, byteWait);
    }

    /** Takes the tokens for one frame if it may go now, and says whether it did. */
    public boolean tryTake(int frameBytes, long nowNanos) {
        if (nanosUntilAvailable(frameBytes, nowNanos) > 0) {
            return false;
        }
        frameTat = later(frameTat, nowNanos) + nanosPerFrame;
        byteTat = later(byteTat, nowNanos) + costOf(frameBytes);
        return true;
    }

    private static long waitFor(long tat, long cost, long tolerance, long now) {
        long backlog = Math.max(0, tat - now);
        if (cost >= tolerance) {
            // Bigger than a whole burst: allowed once the bucket is full again.
            return backlog;
        }
        return Math.max(0, backlog + cost - tolerance);
    }

    private long costOf(long bytes) {
        return (long) Math.ceil(Math.min(bytes * nanosPerByte, Long.MAX_VALUE / 4.0));
    }

    private static long later(long tat, long now) {
        return tat - now >= 0 ? tat : now;
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return (high == 0 && product >= 0) ? Math.min(product, Long.MAX_VALUE / 4) : Long.MAX_VALUE / 4;
    }
}
