package dev.warden.sandbox.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The data plane (the {@code ssmmessages} websocket endpoint) and its emulated agents.
 *
 * @param port                 the websocket port on 127.0.0.1; 0 picks a free one
 * @param requireSignedUpgrade refuse websocket upgrades without a SigV4 signature; plugins older than 1.2.764
 *                             never sign, so the default accepts unsigned upgrades as AWS does today
 * @param payloadSize          the largest Output payload the emulated agent sends (the agent's 1024)
 * @param shellOutputDelay     how long a shell's first output waits after the shell starts; the real agent
 *                             waits 1 s, the sandbox less by default so tests and demos do not
 * @param handshakeTimeout     how long the agent waits for each handshake answer (the agent's 15 s)
 * @param sessionLogDirectory  where session logs go when the preferences enable logging (standing in for S3
 *                             and CloudWatch); empty means a folder in the system's temporary directory
 */
public record DataPlaneSettings(int port, boolean requireSignedUpgrade, int payloadSize, Duration shellOutputDelay,
                                Duration handshakeTimeout, Optional<Path> sessionLogDirectory) {

    public static final int DEFAULT_PAYLOAD_SIZE = 1024;
    public static final Duration DEFAULT_SHELL_OUTPUT_DELAY = Duration.ofMillis(100);
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);

    public static final DataPlaneSettings DEFAULTS = new DataPlaneSettings(0, false, DEFAULT_PAYLOAD_SIZE,
            DEFAULT_SHELL_OUTPUT_DELAY, DEFAULT_HANDSHAKE_TIMEOUT, Optional.empty());

    public DataPlaneSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        if (payloadSize < 1 || payloadSize > 65536) {
            throw new IllegalArgumentException("payloadSize must be 1-65536, not " + payloadSize);
        }
        Objects.requireNonNull(shellOutputDelay, "shellOutputDelay");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(sessionLogDirectory, "sessionLogDirectory");
        if (shellOutputDelay.isNegative() || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("shellOutputDelay must not be negative and handshakeTimeout must be"
                    + " positive");
        }
    }

    public DataPlaneSettings withPort(int newPort) {
        return new DataPlaneSettings(newPort, requireSignedUpgrade, payloadSize, shellOutputDelay, handshakeTimeout,
                sessionLogDirectory);
    }

    public DataPlaneSettings withRequireSignedUpgrade(boolean required) {
        return new DataPlaneSettings(port, required, payloadSize, shellOutputDelay, handshakeTimeout,
                sessionLogDirectory);
    }

    public DataPlaneSettings withHandshakeTimeout(Duration timeout) {
        return new DataPlaneSettings(port, requireSignedUpgrade, payloadSize, shellOutputDelay, timeout,
                sessionLogDirectory);
    }

    public DataPlaneSettings withSessionLogDirectory(Path directory) {
        return new DataPlaneSettings(port, requireSignedUpgrade, payloadSize, shellOutputDelay, handshakeTimeout,
                Optional.of(directory));
    }

    public DataPlaneSettings withPayloadSize(int size) {
        return new DataPlaneSettings(port, requireSignedUpgrade, size, shellOutputDelay, handshakeTimeout,
                sessionLogDirectory);
    }
}
