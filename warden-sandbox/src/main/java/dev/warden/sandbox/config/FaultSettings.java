package dev.warden.sandbox.config;

import java.time.Duration;

/**
 * Fault injection for the data plane, which reads these; the control plane only validates them.
 *
 * @param dropDataChannelAfter               close every data channel this long after it opened (null: never)
 * @param closeDataChannelOnCredentialExpiry close a SigV4-signed data channel when its signing credentials
 *                                           expire, as the real service appears to do (client-protocol.md §9)
 * @param agentReplyDelay                    delay every emulated-agent message by this much
 * @param rejectDataChannel                  refuse every websocket upgrade
 */
public record FaultSettings(Duration dropDataChannelAfter, boolean closeDataChannelOnCredentialExpiry,
                            Duration agentReplyDelay, boolean rejectDataChannel) {

    public static final FaultSettings NONE = new FaultSettings(null, true, Duration.ZERO, false);
}
