package dev.warden.governance.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One session running now, as the governance store knows it.
 *
 * @param principal  who started it (the session's owner ARN)
 * @param tier       the tier its target's tags choose
 * @param ownerTag   the target's owner tag, if it has one
 * @param document   the session document it was started with, when known
 * @param deadline   when the tier's maximum ends it; empty when the tier sets none
 * @param lastSeenAt when a pass or an event last confirmed it
 */
public record ActiveSession(String accountId, String region, String sessionId, String target, String principal,
                            String tier, Optional<String> ownerTag, String document, Instant startedAt,
                            Optional<Instant> deadline, Instant lastSeenAt) {

    public ActiveSession {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(ownerTag, "ownerTag");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    }

    /** Time until the deadline at {@code now} (negative once past it); empty without a deadline. */
    public Optional<Duration> timeLeft(Instant now) {
        return deadline.map(d -> Duration.between(now, d));
    }
}
