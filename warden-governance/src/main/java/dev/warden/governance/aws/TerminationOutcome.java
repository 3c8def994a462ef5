package dev.warden.governance.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What became of one termination.
 *
 * @param confirmedEnd    when the session was confirmed ended (its History EndDate, else the time it was seen
 *                        gone)
 * @param timeToTerminate from the limit crossing to the confirmed end, when both are known
 */
public record TerminationOutcome(String sessionId, Status status, Optional<String> error,
                                 Optional<Instant> confirmedEnd, Optional<Duration> timeToTerminate) {

    public enum Status {
        /** Terminated and confirmed in History. */
        TERMINATED,
        /** TerminateSession succeeded but the session was not seen ended within the confirmation time. */
        UNCONFIRMED,
        /** Not done: the policy is a dry run. */
        DRY_RUN,
        /** TerminateSession failed; {@code error} says why. */
        FAILED
    }
}
