package dev.warden.client;

import dev.warden.client.transport.WebSocketSettings;
import dev.warden.protocol.channel.TokenBucket;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Tunables of the client's sessions. Immutable; {@link #defaults()} or {@link #builder()}.
 */
public final class ClientOptions {

    /**
     * The version this client reports, in OpenDataChannel and in the HandshakeResponse. The agent gates behaviour
     * on it (client-protocol.md §6.6): smux for LocalPortForwarding from 1.1.70, smux keep-alive off above
     * 1.2.331.0, no separate-output warning above 1.2.295, and AWS names 1.2.764.0 as the minimum supported plugin.
     * 1.2.764.0 is the first release that signs the websocket upgrade, which this client does; reporting a newer
     * number would claim behaviour (from releases not documented here) that this client may not have.
     */
    public static final String CLIENT_VERSION = "1.2.764.0";

    /** The official peers' payload size (StreamDataPayloadSize). */
    public static final int DEFAULT_CHUNK_SIZE = 1024;
    /**
     * Largest accepted chunk size. The agent writes whatever arrives, but the service's limit is not documented
     * and third-party clients report 1024 as the largest payload the service streams; larger chunks are for
     * endpoints known to accept them (such as Warden's sandbox).
     */
    public static final int MAX_CHUNK_SIZE = 32 * 1024;

    private final int chunkSize;
    private final String clientVersion;
    private final Duration resumeDeadline;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final int maxAuthFailures;
    private final int maxCredentialFailures;
    private final boolean proactiveResume;
    private final Duration proactiveResumeMargin;
    private final Duration closeLinger;
    private final Duration deliveryTimeout;
    private final TokenBucket.Limits pacing;
    private final boolean signUpgrade;
    private final int localBufferBytes;
    private final WebSocketSettings webSocket;
    private final String encryptionRefusal;

    private ClientOptions(Builder b) {
        this.chunkSize = b.chunkSize;
        this.clientVersion = b.clientVersion;
        this.resumeDeadline = b.resumeDeadline;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
        this.maxAuthFailures = b.maxAuthFailures;
        this.maxCredentialFailures = b.maxCredentialFailures;
        this.proactiveResume = b.proactiveResume;
        this.proactiveResumeMargin = b.proactiveResumeMargin;
        this.closeLinger = b.closeLinger;
        this.deliveryTimeout = b.deliveryTimeout;
        this.pacing = b.pacing;
        this.signUpgrade = b.signUpgrade;
        this.localBufferBytes = b.localBufferBytes;
        this.webSocket = b.webSocket;
        this.encryptionRefusal = b.encryptionRefusal;
    }

    public static ClientOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.chunkSize = chunkSize;
        b.clientVersion = clientVersion;
        b.resumeDeadline = resumeDeadline;
        b.backoffInitial = backoffInitial;
        b.backoffMax = backoffMax;
        b.maxAuthFailures = maxAuthFailures;
        b.maxCredentialFailures = maxCredentialFailures;
        b.proactiveResume = proactiveResume;
        b.proactiveResumeMargin = proactiveResumeMargin;
        b.closeLinger = closeLinger;
        b.deliveryTimeout = deliveryTimeout;
        b.pacing = pacing;
        b.signUpgrade = signUpgrade;
        b.localBufferBytes = localBufferBytes;
        b.webSocket = webSocket;
        b.encryptionRefusal = encryptionRefusal;
        return b;
    }

    /** Largest payload of an outgoing data message. */
    public int chunkSize() {
        return chunkSize;
    }

    public String clientVersion() {
        return clientVersion;
    }

    /** How long after losing its connection a session keeps trying to resume. */
    public Duration resumeDeadline() {
        return resumeDeadline;
    }

    /** The first resume retry delay; it doubles per attempt (with jitter) up to {@link #backoffMax()}. */
    public Duration backoffInitial() {
        return backoffInitial;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    /** Consecutive authentication failures with refreshable credentials before a resume gives up. */
    public int maxAuthFailures() {
        return maxAuthFailures;
    }

    /** Consecutive failures of the credentials provider before a resume gives up. */
    public int maxCredentialFailures() {
        return maxCredentialFailures;
    }

    /** Whether to resume before the signing credentials expire. */
    public boolean proactiveResume() {
        return proactiveResume;
    }

    /** How long before the signing credentials expire the proactive resume starts. */
    public Duration proactiveResumeMargin() {
        return proactiveResumeMargin;
    }

    /** How long a local close waits for the peer to acknowledge what was sent. */
    public Duration closeLinger() {
        return closeLinger;
    }

    /** How long a message may stay unacknowledged before the session ends; empty for never. */
    public Optional<Duration> deliveryTimeout() {
        return Optional.ofNullable(deliveryTimeout);
    }

    /** Pacing of outgoing messages; empty to send as fast as the connection takes them. */
    public Optional<TokenBucket.Limits> pacing() {
        return Optional.ofNullable(pacing);
    }

    /** Whether websocket upgrades are SigV4-signed (presigned URLs never are). */
    public boolean signUpgrade() {
        return signUpgrade;
    }

    /** Bytes a local stream (port stream, local TCP connection) buffers before the session stops reading. */
    public int localBufferBytes() {
        return localBufferBytes;
    }

    /**
     * When present, a session whose agent asks for KMS encryption is refused with this reason instead of a data key
     * (KMS is not called): the official plugin's answer when an AWS CLI too old for encryption starts it.
     */
    public Optional<String> encryptionRefusal() {
        return Optional.ofNullable(encryptionRefusal);
    }

    public WebSocketSettings webSocket() {
        return webSocket;
    }

    /** Builds {@link ClientOptions}; every setter validates at once. */
    public static final class Builder {
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private String clientVersion = CLIENT_VERSION;
        private Duration resumeDeadline = Duration.ofMinutes(10);
        private Duration backoffInitial = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(5);
        private int maxAuthFailures = 3;
        private int maxCredentialFailures = 3;
        private boolean proactiveResume = true;
        private Duration proactiveResumeMargin = Duration.ofMinutes(2);
        private Duration closeLinger = Duration.ofSeconds(2);
        private Duration deliveryTimeout = Duration.ofMinutes(15);
        private TokenBucket.Limits pacing;
        private boolean signUpgrade = true;
        private int localBufferBytes = 256 * 1024;
        private WebSocketSettings webSocket = WebSocketSettings.defaults();
        private String encryptionRefusal;

        private Builder() {
        }

        public Builder chunkSize(int value) {
            if (value < 1 || value > MAX_CHUNK_SIZE) {
                throw new IllegalArgumentException("chunkSize must be within 1.." + MAX_CHUNK_SIZE);
            }
            this.chunkSize = value;
            return this;
        }

        public Builder clientVersion(String value) {
            this.clientVersion = Objects.requireNonNull(value, "clientVersion");
            return this;
        }

        public Builder resumeDeadline(Duration value) {
            this.resumeDeadline = positive(value, "resumeDeadline");
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            positive(initial, "backoff initial");
            positive(max, "backoff max");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff max must not be below the initial delay");
            }
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        public Builder maxAuthFailures(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxAuthFailures must be at least 1");
            }
            this.maxAuthFailures = value;
            return this;
        }

        public Builder maxCredentialFailures(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxCredentialFailures must be at least 1");
            }
            this.maxCredentialFailures = value;
            return this;
        }

        public Builder proactiveResume(boolean enabled, Duration margin) {
            this.proactiveResume = enabled;
            this.proactiveResumeMargin = positive(margin, "proactiveResumeMargin");
            return this;
        }

        public Builder closeLinger(Duration value) {
            Objects.requireNonNull(value, "closeLinger");
            if (value.isNegative()) {
                throw new IllegalArgumentException("closeLinger must not be negative");
            }
            this.closeLinger = value;
            return this;
        }

        /** Null: never give up on an unacknowledged message while the session is resumable. */
        public Builder deliveryTimeout(Duration value) {
            this.deliveryTimeout = value == null ? null : positive(value, "deliveryTimeout");
            return this;
        }

        public Builder pacing(TokenBucket.Limits value) {
            this.pacing = value;
            return this;
        }

        public Builder signUpgrade(boolean value) {
            this.signUpgrade = value;
            return this;
        }

        public Builder localBufferBytes(int value) {
            if (value < 1024) {
                throw new IllegalArgumentException("localBufferBytes must be at least 1024");
            }
            this.localBufferBytes = value;
            return this;
        }

        public Builder webSocket(WebSocketSettings value) {
            this.webSocket = Objects.requireNonNull(value, "webSocket");
            return this;
        }

        /** Refuse KMS encryption with {@code reason} (see {@link ClientOptions#encryptionRefusal()}). */
        public Builder refuseEncryption(String reason) {
            this.encryptionRefusal = Objects.requireNonNull(reason, "reason");
            return this;
        }

        public ClientOptions build() {
            if (deliveryTimeout != null && deliveryTimeout.compareTo(resumeDeadline) <= 0) {
                throw new IllegalArgumentException(
                        "deliveryTimeout must be longer than resumeDeadline, or a resume could never finish");
            }
            return new ClientOptions(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
