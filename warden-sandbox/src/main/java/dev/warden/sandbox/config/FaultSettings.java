package dev.warden.sandbox.config;

import java.time.Duration;

/**
 * Fault injection for the data plane, which reads these; the control plane only validates them. The data plane
 * copies them into live, mutable settings at start, so tests can also change faults while a sandbox runs.
 *
 * @param dropDataChannelAfter               close every data channel this long after it opened (null: never)
 * @param closeDataChannelOnCredentialExpiry close a SigV4-signed data channel when its signing credentials
 *                                           expire, as the real service appears to do (client-protocol.md §9)
 * @param agentReplyDelay                    delay every frame the emulated agent sends by this much
 * @param rejectDataChannel                  refuse every websocket upgrade
 * @param dropFrames                         probability (0-1) that a data-channel frame is lost, each direction
 * @param duplicateFrames                    probability (0-1) that a frame is delivered twice
 * @param reorderFrames                      probability (0-1) that a frame is held back behind the next one
 * @param seed                               seed of the randomness of the three above, so runs repeat
 * @param pausePublicationEvery              send a publication pause this often (null: never)
 * @param pausePublicationFor                how long each pause lasts
 * @param maxFramesPerSecond                 per session and direction, the most stream frames relayed per
 *                                           second (the service allows about 1000); 0 means unlimited
 */
public record FaultSettings(Duration dropDataChannelAfter, boolean closeDataChannelOnCredentialExpiry,
                            Duration agentReplyDelay, boolean rejectDataChannel, double dropFrames,
                            double duplicateFrames, double reorderFrames, long seed, Duration pausePublicationEvery,
                            Duration pausePublicationFor, int maxFramesPerSecond) {

    public static final FaultSettings NONE = new FaultSettings(null, true, Duration.ZERO, false, 0, 0, 0, 1, null,
            Duration.ofSeconds(1), 0);

    public FaultSettings {
        agentReplyDelay = agentReplyDelay == null ? Duration.ZERO : agentReplyDelay;
        pausePublicationFor = pausePublicationFor == null ? Duration.ofSeconds(1) : pausePublicationFor;
        requireProbability("dropFrames", dropFrames);
        requireProbability("duplicateFrames", duplicateFrames);
        requireProbability("reorderFrames", reorderFrames);
        if (maxFramesPerSecond < 0) {
            throw new IllegalArgumentException("maxFramesPerSecond must not be negative");
        }
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must lie between 0 and 1, not " + value);
        }
    }
}
