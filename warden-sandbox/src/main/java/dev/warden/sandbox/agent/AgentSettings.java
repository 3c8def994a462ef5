package dev.warden.sandbox.agent;

import dev.warden.protocol.channel.TokenBucket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the emulated agents behave: the knobs the real agent has as constants, and the sandbox's own.
 *
 * @param payloadSize         the largest Output payload the agent sends (the agent's StreamDataPayloadSize, 1024)
 * @param shellOutputDelay    how long a shell's first output waits after the shell starts (the agent's 1 s)
 * @param handshakeTimeout    how long each handshake step waits for the client (the agent's 15 s)
 * @param sessionLogDirectory where session logs are written when the preferences enable logging
 * @param pacing              the frame-rate cap on the agent's stream frames, or empty for none
 */
public record AgentSettings(int payloadSize, Duration shellOutputDelay, Duration handshakeTimeout,
                            Path sessionLogDirectory, Optional<TokenBucket.Limits> pacing) {

    public AgentSettings {
        if (payloadSize < 1) {
            throw new IllegalArgumentException("payloadSize must be at least 1");
        }
        Objects.requireNonNull(shellOutputDelay, "shellOutputDelay");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(sessionLogDirectory, "sessionLogDirectory");
        Objects.requireNonNull(pacing, "pacing");
    }
}
