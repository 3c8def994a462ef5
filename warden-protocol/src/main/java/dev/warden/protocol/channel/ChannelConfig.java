package dev.warden.protocol.channel;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The tunables of a {@link ReliableChannel}. Defaults are the protocol's constants where it has them
 * (client-protocol.md §4.6, §11) and conservative memory bounds where it has none. Immutable; build with
 * {@link #builder()}.
 */
public final class ChannelConfig {

    /** DefaultRoundTripTime of both official peers. */
    public static final Duration DEFAULT_INITIAL_RTT = Duration.ofMillis(100);
    /** DefaultRoundTripTimeVariation of both official peers. */
    public static final Duration DEFAULT_INITIAL_RTT_VARIATION = Duration.ZERO;
    /** DefaultTransmissionTimeout of both official peers. */
    public static final Duration DEFAULT_INITIAL_RTO = Duration.ofMillis(200);
    /** ClockGranularity of both official peers. */
    public static final Duration DEFAULT_CLOCK_GRANULARITY = Duration.ofMillis(10);
    /** MaxTransmissionTimeout of both official peers. */
    public static final Duration DEFAULT_MAX_RTO = Duration.ofSeconds(1);
    /**
     * Unacknowledged messages before the producer is held back. The peers have no such limit (only buffers of
     * 10 000 and 100 000 that drop data). Nothing is lost on a websocket, but a link slower than the sender
     * queues: everything in flight must drain within one retransmission timeout (200 ms at first), or the
     * timeouts fire for messages that are only waiting, all of them are sent again and the duplicates crowd out
     * new data (with 4096, a session at the service's 1000 frames/s cap carried almost nothing). 128 drains in
     * 128 ms at that cap, and at 1 KiB frames still allows 50 MB/s with round trips up to 2.5 ms.
     */
    public static final int DEFAULT_MAX_UNACKNOWLEDGED_MESSAGES = 128;
    /** Unacknowledged frame bytes before the producer is held back. */
    public static final long DEFAULT_MAX_UNACKNOWLEDGED_BYTES = 4L * 1024 * 1024;
    /**
     * How far ahead of the expected sequence number a message may be buffered: the official client's
     * IncomingMessageBufferCapacity. A generous buffer matters because the official agent retransmits only its
     * oldest unacknowledged message, one per timeout, so every dropped message is slow to come back.
     */
    public static final int DEFAULT_REORDER_BUFFER_MESSAGES = 10_000;
    /** Payload bytes the reorder buffer may hold. */
    public static final long DEFAULT_REORDER_BUFFER_BYTES = 16L * 1024 * 1024;

    private final Duration initialRtt;
    private final Duration initialRttVariation;
    private final Duration initialRto;
    private final Duration clockGranularity;
    private final Duration maxRto;
    private final int maxUnacknowledgedMessages;
    private final long maxUnacknowledgedBytes;
    private final int reorderBufferMessages;
    private final long reorderBufferBytes;
    private final Duration giveUpAfter;
    private final TokenBucket.Limits pacing;
    private final Ticker ticker;
    private final LongSupplier wallClockMillis;
    private final Supplier<UUID> messageIds;

    private ChannelConfig(Builder b) {
        this.initialRtt = b.initialRtt;
        this.initialRttVariation = b.initialRttVariation;
        this.initialRto = b.initialRto;
        this.clockGranularity = b.clockGranularity;
        this.maxRto = b.maxRto;
        this.maxUnacknowledgedMessages = b.maxUnacknowledgedMessages;
        this.maxUnacknowledgedBytes = b.maxUnacknowledgedBytes;
        this.reorderBufferMessages = b.reorderBufferMessages;
        this.reorderBufferBytes = b.reorderBufferBytes;
        this.giveUpAfter = b.giveUpAfter;
        this.pacing = b.pacing;
        this.ticker = b.ticker;
        this.wallClockMillis = b.wallClockMillis;
        this.messageIds = b.messageIds;
    }

    /** A configuration with every default. */
    public static ChannelConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.initialRtt = initialRtt;
        b.initialRttVariation = initialRttVariation;
        b.initialRto = initialRto;
        b.clockGranularity = clockGranularity;
        b.maxRto = maxRto;
        b.maxUnacknowledgedMessages = maxUnacknowledgedMessages;
        b.maxUnacknowledgedBytes = maxUnacknowledgedBytes;
        b.reorderBufferMessages = reorderBufferMessages;
        b.reorderBufferBytes = reorderBufferBytes;
        b.giveUpAfter = giveUpAfter;
        b.pacing = pacing;
        b.ticker = ticker;
        b.wallClockMillis = wallClockMillis;
        b.messageIds = messageIds;
        return b;
    }

    public Duration initialRtt() {
        return initialRtt;
    }

    public Duration initialRttVariation() {
        return initialRttVariation;
    }

    public Duration initialRto() {
        return initialRto;
    }

    public Duration clockGranularity() {
        return clockGranularity;
    }

    public Duration maxRto() {
        return maxRto;
    }

    public int maxUnacknowledgedMessages() {
        return maxUnacknowledgedMessages;
    }

    public long maxUnacknowledgedBytes() {
        return maxUnacknowledgedBytes;
    }

    public int reorderBufferMessages() {
        return reorderBufferMessages;
    }

    public long reorderBufferBytes() {
        return reorderBufferBytes;
    }

    /** How long a message may stay unacknowledged before the channel gives up; empty means retry forever. */
    public Optional<Duration> giveUpAfter() {
        return Optional.ofNullable(giveUpAfter);
    }

    /** The pacing limits; empty means frames are written as fast as the transport takes them. */
    public Optional<TokenBucket.Limits> pacing() {
        return Optional.ofNullable(pacing);
    }

    /** The monotonic clock all timing uses. */
    public Ticker ticker() {
        return ticker;
    }

    /** The wall clock for the CreatedDate of outgoing frames, in milliseconds since the epoch. */
    public LongSupplier wallClockMillis() {
        return wallClockMillis;
    }

    /** Where MessageIds of outgoing frames come from. */
    public Supplier<UUID> messageIds() {
        return messageIds;
    }

    /** Collects the values of a {@link ChannelConfig}; every setter validates its argument at once. */
    public static final class Builder {
        private Duration initialRtt = DEFAULT_INITIAL_RTT;
        private Duration initialRttVariation = DEFAULT_INITIAL_RTT_VARIATION;
        private Duration initialRto = DEFAULT_INITIAL_RTO;
        private Duration clockGranularity = DEFAULT_CLOCK_GRANULARITY;
        private Duration maxRto = DEFAULT_MAX_RTO;
        private int maxUnacknowledgedMessages = DEFAULT_MAX_UNACKNOWLEDGED_MESSAGES;
        private long maxUnacknowledgedBytes = DEFAULT_MAX_UNACKNOWLEDGED_BYTES;
        private int reorderBufferMessages = DEFAULT_REORDER_BUFFER_MESSAGES;
        private long reorderBufferBytes = DEFAULT_REORDER_BUFFER_BYTES;
        private Duration giveUpAfter;
        private TokenBucket.Limits pacing;
        private Ticker ticker = Ticker.system();
        private LongSupplier wallClockMillis = System::currentTimeMillis;
        private Supplier<UUID> messageIds = UUID::randomUUID;

        private Builder() {
        }

        public Builder initialRtt(Duration value) {
            this.initialRtt = positive(value, "initialRtt");
            return this;
        }

        public Builder initialRttVariation(Duration value) {
            Objects.requireNonNull(value, "initialRttVariation");
            if (value.isNegative()) {
                throw new IllegalArgumentException("initialRttVariation must not be negative");
            }
            this.initialRttVariation = value;
            return this;
        }

        public Builder initialRto(Duration value) {
            this.initialRto = positive(value, "initialRto");
            return this;
        }

        public Builder clockGranularity(Duration value) {
            this.clockGranularity = positive(value, "clockGranularity");
            return this;
        }

        public Builder maxRto(Duration value) {
            this.maxRto = positive(value, "maxRto");
            return this;
        }

        /** Unacknowledged messages at which the producer is held back; at least 1. */
        public Builder maxUnacknowledgedMessages(int value) {
            this.maxUnacknowledgedMessages = atLeastOne(value, "maxUnacknowledgedMessages");
            return this;
        }

        /** Unacknowledged frame bytes at which the producer is held back; at least 1. */
        public Builder maxUnacknowledgedBytes(long value) {
            this.maxUnacknowledgedBytes = atLeastOne(value, "maxUnacknowledgedBytes");
            return this;
        }

        /** How far ahead of the expected sequence number received messages are buffered; at least 1. */
        public Builder reorderBufferMessages(int value) {
            this.reorderBufferMessages = atLeastOne(value, "reorderBufferMessages");
            return this;
        }

        /** Payload bytes the reorder buffer may hold; at least 1. */
        public Builder reorderBufferBytes(long value) {
            this.reorderBufferBytes = atLeastOne(value, "reorderBufferBytes");
            return this;
        }

        /**
         * Give up when a message stays unacknowledged this long after it was handed to the channel (the official
         * client gives up after 3000 resends, about 5 minutes, and terminates the session). Null retries forever,
         * which is the default and what the official agent does.
         */
        public Builder giveUpAfter(Duration value) {
            this.giveUpAfter = value == null ? null : positive(value, "giveUpAfter");
            return this;
        }

        /** Pace outgoing stream frames; null (the default) writes them as fast as the transport accepts them. */
        public Builder pacing(TokenBucket.Limits value) {
            this.pacing = value;
            return this;
        }

        public Builder ticker(Ticker value) {
            this.ticker = Objects.requireNonNull(value, "ticker");
            return this;
        }

        public Builder wallClockMillis(LongSupplier value) {
            this.wallClockMillis = Objects.requireNonNull(value, "wallClockMillis");
            return this;
        }

        public Builder messageIds(Supplier<UUID> value) {
            this.messageIds = Objects.requireNonNull(value, "messageIds");
            return this;
        }

        public ChannelConfig build() {
            if (maxRto.compareTo(initialRto) < 0) {
                throw new IllegalArgumentException("maxRto must not be shorter than initialRto");
            }
            return new ChannelConfig(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static int atLeastOne(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return value;
        }

        private static long atLeastOne(long value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return value;
        }
    }
}
