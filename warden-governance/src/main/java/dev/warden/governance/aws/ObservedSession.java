package dev.warden.governance.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An active session as DescribeSessions reports it.
 *
 * @param documentMax the maximum duration the session's document gave it (DescribeSessions'
 *                    MaxSessionDuration); empty when the document sets none
 */
public record ObservedSession(String sessionId, String target, String owner, String status, Instant startDate,
                              String documentName, Optional<Duration> documentMax) {
}
