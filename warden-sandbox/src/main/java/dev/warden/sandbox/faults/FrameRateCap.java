package dev.warden.sandbox.faults;

import dev.warden.protocol.channel.TokenBucket;
import java.util.Optional;

/**
 * The service's limit on stream frames per session (users and peers observe about 1000 per second, beyond which
 * AWS pauses or drops the connection) as token-bucket limits. The sandbox never drops for it: frames over the
 * rate wait, the agent's through the engine's pacing, the client's by reading the websocket more slowly.
 */
public final class FrameRateCap {

    /** A tenth of a second of frames may go back to back, about what the service tolerates as a burst. */
    private static final int BURST_DIVISOR = 10;

    private FrameRateCap() {
    }

    /** The limits for {@code framesPerSecond}, or empty for 0 (no cap). */
    public static Optional<TokenBucket.Limits> limits(int framesPerSecond) {
        if (framesPerSecond <= 0) {
            return Optional.empty();
        }
        int burst = Math.max(1, framesPerSecond / BURST_DIVISOR);
        return Optional.of(new TokenBucket.Limits(framesPerSecond, burst, Double.POSITIVE_INFINITY, 1));
    }
}
