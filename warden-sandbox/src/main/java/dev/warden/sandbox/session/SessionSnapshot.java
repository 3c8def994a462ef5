package dev.warden.sandbox.session;

import dev.warden.sandbox.auth.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An immutable view of one session at one moment. Everything DescribeSessions reports comes from here.
 *
 * @param sessionId    {@code <principal-name>-<17 hex>}
 * @param target       the instance id
 * @param document     the resolved session document
 * @param owner        who started it (DescribeSessions Owner is its ARN)
 * @param reason       the StartSession Reason, or null
 * @param status       the current status
 * @param startDate    when StartSession returned
 * @param endDate      when it ended, or null while active
 * @param preferences  idle and maximum-duration limits and other preferences in force
 * @param cellNumber   the cell-number of the latest StreamUrl
 * @param lastActivity the last data-channel activity (start time until the data plane reports some)
 * @param termination  how it ended, or null while active
 */
public record SessionSnapshot(String sessionId, String target, SessionDocument document, Principal owner,
                              String reason, SessionStatus status, Instant startDate, Instant endDate,
                              SessionPreferences preferences, String cellNumber, Instant lastActivity,
                              Termination termination) {

    public Optional<Instant> endTime() {
        return Optional.ofNullable(endDate);
    }

    public Optional<String> reasonText() {
        return Optional.ofNullable(reason);
    }

    public Optional<Termination> terminationInfo() {
        return Optional.ofNullable(termination);
    }

    /** When idleSessionTimeout ends the session if nothing happens before. */
    public Instant idleDeadline() {
        return idleDeadline(Duration.ofMinutes(1));
    }

    /** As {@link #idleDeadline()}, with each minute of the timeout lasting {@code minute}. */
    public Instant idleDeadline(Duration minute) {
        return lastActivity.plus(scaled(preferences.idleTimeout(), minute));
    }

    /** When maxSessionDuration ends the session, if it has a maximum. */
    public Optional<Instant> maxDurationDeadline() {
        return maxDurationDeadline(Duration.ofMinutes(1));
    }

    /** As {@link #maxDurationDeadline()}, with each minute of the limit lasting {@code minute}. */
    public Optional<Instant> maxDurationDeadline(Duration minute) {
        return preferences.maxDurationLimit().map(limit -> startDate.plus(scaled(limit, minute)));
    }

    /** A limit of n minutes (as the preferences hold them) when each minute lasts {@code minute}. */
    private static Duration scaled(Duration limit, Duration minute) {
        return minute.equals(Duration.ofMinutes(1)) ? limit
                : Duration.ofNanos(minute.toNanos() * limit.toSeconds() / 60);
    }
}
