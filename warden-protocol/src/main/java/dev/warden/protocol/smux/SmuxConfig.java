package dev.warden.protocol.smux;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an smux session. {@link #defaults()} equals {@code smux.DefaultConfig()} of xtaci/smux
 * 1.5.15/1.5.16 as both Session Manager peers use it, except that keep-alive is off: the official client
 * and agent disable it against each other's current versions (client-protocol.md §6.5, agent-side.md §4.4),
 * because NOPs would keep the service's idle timer from ever firing.
 *
 * @param version                  smux protocol version, 1 (what Session Manager speaks) or 2
 * @param maxFrameSize             largest PSH data this side sends, and (stricter than smux) accepts
 * @param maxReceiveBuffer         bytes of received, unread stream data held before parsing stops
 * @param maxStreamBuffer          version 2: the window granted to the peer in every UPD
 * @param keepAliveEnabled         whether to send NOPs and close a silent session
 * @param keepAliveInterval        time between NOPs
 * @param keepAliveTimeout         a session that received nothing in one such period is closed
 * @param writeBufferHighWaterMark a stream whose queued outbound bytes exceed this becomes unwritable
 * @param writeBufferLowWaterMark  an unwritable stream becomes writable again when its queue drains to this
 * @param maxBufferedInput         inbound bytes held unparsed (while the receive buffer is full) before the
 *                                 session gives up on a transport that ignores {@link SmuxTransport#setInboundPaused}
 */
public record SmuxConfig(
        int version,
        int maxFrameSize,
        int maxReceiveBuffer,
        int maxStreamBuffer,
        boolean keepAliveEnabled,
        Duration keepAliveInterval,
        Duration keepAliveTimeout,
        int writeBufferHighWaterMark,
        int writeBufferLowWaterMark,
        int maxBufferedInput) {

    public static final int DEFAULT_VERSION = 1;
    public static final int DEFAULT_MAX_FRAME_SIZE = 32768;
    public static final int DEFAULT_MAX_RECEIVE_BUFFER = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_STREAM_BUFFER = 65536;
    public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(30);
    /** Largest accepted {@link #maxReceiveBuffer()}: leaves room for one frame of overdraft in an int. */
    public static final int MAX_RECEIVE_BUFFER_LIMIT = Integer.MAX_VALUE - SmuxFrame.MAX_DATA_LENGTH;

    public SmuxConfig {
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout");
        // The same rules, in the same order, as smux's VerifyConfig, then this implementation's own.
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("unsupported protocol version " + version);
        }
        if (keepAliveEnabled) {
            if (keepAliveInterval.isNegative() || keepAliveInterval.isZero()) {
                throw new IllegalArgumentException("keep-alive interval must be positive");
            }
            if (keepAliveTimeout.compareTo(keepAliveInterval) < 0) {
                throw new IllegalArgumentException("keep-alive timeout must be larger than keep-alive interval");
            }
        }
        if (maxFrameSize <= 0) {
            throw new IllegalArgumentException("max frame size must be positive");
        }
        if (maxFrameSize > SmuxFrame.MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("max frame size must not be larger than 65535");
        }
        if (maxReceiveBuffer <= 0) {
            throw new IllegalArgumentException("max receive buffer must be positive");
        }
        if (maxReceiveBuffer > MAX_RECEIVE_BUFFER_LIMIT) {
            // Unread data is counted in an int, and the budget may be overdrawn by one frame.
            throw new IllegalArgumentException("max receive buffer cannot be larger than " + MAX_RECEIVE_BUFFER_LIMIT);
        }
        if (maxStreamBuffer <= 0) {
            throw new IllegalArgumentException("max stream buffer must be positive");
        }
        if (maxStreamBuffer > maxReceiveBuffer) {
            throw new IllegalArgumentException("max stream buffer must not be larger than max receive buffer");
        }
        if (writeBufferLowWaterMark < 0 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
            throw new IllegalArgumentException("write buffer water marks must satisfy 0 <= low <= high");
        }
        if (maxBufferedInput <= 0) {
            throw new IllegalArgumentException("max buffered input must be positive");
        }
    }

    /** Library defaults with keep-alive off; see the class comment. */
    public static SmuxConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .version(version)
                .maxFrameSize(maxFrameSize)
                .maxReceiveBuffer(maxReceiveBuffer)
                .maxStreamBuffer(maxStreamBuffer)
                .keepAliveEnabled(keepAliveEnabled)
                .keepAliveInterval(keepAliveInterval)
                .keepAliveTimeout(keepAliveTimeout)
                .writeBufferWaterMarks(writeBufferLowWaterMark, writeBufferHighWaterMark)
                .maxBufferedInput(maxBufferedInput);
    }

    /** Builds a {@link SmuxConfig}; every setting starts at its default. */
    public static final class Builder {
        private int version = DEFAULT_VERSION;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private int maxReceiveBuffer = DEFAULT_MAX_RECEIVE_BUFFER;
        private int maxStreamBuffer = DEFAULT_MAX_STREAM_BUFFER;
        private boolean keepAliveEnabled;
        private Duration keepAliveInterval = DEFAULT_KEEP_ALIVE_INTERVAL;
        private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;
        // One default stream window of queued output, as smux v2 would have in flight at most.
        private int writeBufferHighWaterMark = DEFAULT_MAX_STREAM_BUFFER;
        private int writeBufferLowWaterMark = DEFAULT_MAX_STREAM_BUFFER / 2;
        private int maxBufferedInput = DEFAULT_MAX_RECEIVE_BUFFER;

        private Builder() {
        }

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        public Builder maxReceiveBuffer(int maxReceiveBuffer) {
            this.maxReceiveBuffer = maxReceiveBuffer;
            return this;
        }

        public Builder maxStreamBuffer(int maxStreamBuffer) {
            this.maxStreamBuffer = maxStreamBuffer;
            return this;
        }

        public Builder keepAliveEnabled(boolean keepAliveEnabled) {
            this.keepAliveEnabled = keepAliveEnabled;
            return this;
        }

        public Builder keepAliveInterval(Duration keepAliveInterval) {
            this.keepAliveInterval = keepAliveInterval;
            return this;
        }

        public Builder keepAliveTimeout(Duration keepAliveTimeout) {
            this.keepAliveTimeout = keepAliveTimeout;
            return this;
        }

        public Builder writeBufferWaterMarks(int low, int high) {
            this.writeBufferLowWaterMark = low;
            this.writeBufferHighWaterMark = high;
            return this;
        }

        public Builder maxBufferedInput(int maxBufferedInput) {
            this.maxBufferedInput = maxBufferedInput;
            return this;
        }

        public SmuxConfig build() {
            return new SmuxConfig(version, maxFrameSize, maxReceiveBuffer, maxStreamBuffer, keepAliveEnabled,
                    keepAliveInterval, keepAliveTimeout, writeBufferHighWaterMark, writeBufferLowWaterMark,
                    maxBufferedInput);
        }
    }
}
