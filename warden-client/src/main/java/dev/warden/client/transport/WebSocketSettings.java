package dev.warden.client.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How data-channel websockets are opened and kept.
 *
 * @param connectTimeout        TCP connect timeout
 * @param upgradeTimeout        time from TCP connect to a complete upgrade (TLS included); the official client
 *                              uses gorilla's 45 s handshake timeout
 * @param pingInterval          websocket ping ({@code keepalive}) period; the first ping goes right after the
 *                              upgrade, as in the official client (5 minutes)
 * @param maxFramePayloadLength largest websocket message accepted; one ClientMessage per message, so this bounds
 *                              a ClientMessage
 * @param writeBufferLowWaterMark  Netty outbound buffer level at which the channel turns writable again
 * @param writeBufferHighWaterMark Netty outbound buffer level at which the channel turns unwritable
 * @param userAgent             the User-Agent header of the upgrade request
 * @param tls                   TLS for {@code wss://}
 */
public record WebSocketSettings(Duration connectTimeout, Duration upgradeTimeout, Duration pingInterval,
                                int maxFramePayloadLength, int writeBufferLowWaterMark,
                                int writeBufferHighWaterMark, String userAgent, TlsSettings tls) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_UPGRADE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMinutes(5);
    /** 1 MiB: far above the 1 KiB payloads peers send, far below anything that could hurt memory. */
    public static final int DEFAULT_MAX_FRAME_PAYLOAD_LENGTH = 1024 * 1024;

    public WebSocketSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(upgradeTimeout, "upgradeTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(tls, "tls");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || upgradeTimeout.isNegative()
                || upgradeTimeout.isZero() || pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("timeouts and the ping interval must be positive");
        }
        if (maxFramePayloadLength < 1024) {
            throw new IllegalArgumentException("maxFramePayloadLength must be at least 1024");
        }
        if (writeBufferLowWaterMark < 0 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
            throw new IllegalArgumentException("write buffer water marks must satisfy 0 <= low <= high");
        }
    }

    public static WebSocketSettings defaults() {
        return new WebSocketSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_UPGRADE_TIMEOUT, DEFAULT_PING_INTERVAL,
                DEFAULT_MAX_FRAME_PAYLOAD_LENGTH, 64 * 1024, 256 * 1024, "warden-client", TlsSettings.defaults());
    }

    public WebSocketSettings withTls(TlsSettings value) {
        return new WebSocketSettings(connectTimeout, upgradeTimeout, pingInterval, maxFramePayloadLength,
                writeBufferLowWaterMark, writeBufferHighWaterMark, userAgent, value);
    }

    public WebSocketSettings withTimeouts(Duration connect, Duration upgrade) {
        return new WebSocketSettings(connect, upgrade, pingInterval, maxFramePayloadLength, writeBufferLowWaterMark,
                writeBufferHighWaterMark, userAgent, tls);
    }

    public WebSocketSettings withPingInterval(Duration value) {
        return new WebSocketSettings(connectTimeout, upgradeTimeout, value, maxFramePayloadLength,
                writeBufferLowWaterMark, writeBufferHighWaterMark, userAgent, tls);
    }
}
