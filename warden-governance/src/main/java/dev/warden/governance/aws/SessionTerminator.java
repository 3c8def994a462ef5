package dev.warden.governance.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SessionFilter;
import software.amazon.awssdk.services.ssm.model.SessionFilterKey;
import software.amazon.awssdk.services.ssm.model.SessionState;

/**
 * Terminates a session and confirms its end: TerminateSession, then DescribeSessions (History, by SessionId)
 * until the session is there, polling with a growing interval up to the confirmation time.
 */
public final class SessionTerminator {

    private final Clock clock;
    private final Duration confirmWithin;

    public SessionTerminator(Clock clock, Duration confirmWithin) {
        this.clock = clock;
        this.confirmWithin = confirmWithin;
    }

    public TerminationOutcome terminate(SsmClient ssm, String sessionId, Optional<Instant> limitCrossedAt,
                                        boolean dryRun) {
        if (dryRun) {
            return new TerminationOutcome(sessionId, TerminationOutcome.Status.DRY_RUN, Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
        try {
            ssm.terminateSession(r -> r.sessionId(sessionId));
        } catch (SdkException e) {
            return new TerminationOutcome(sessionId, TerminationOutcome.Status.FAILED,
                    Optional.of("TerminateSession failed: " + e.getMessage()), Optional.empty(), Optional.empty());
        }
        Optional<Instant> end = confirmEnd(ssm, sessionId);
        if (end.isEmpty()) {
            return new TerminationOutcome(sessionId, TerminationOutcome.Status.UNCONFIRMED,
                    Optional.of("not in History " + confirmWithin.toSeconds() + " s after TerminateSession"),
                    Optional.empty(), Optional.empty());
        }
        Optional<Duration> time = limitCrossedAt.map(c -> Duration.between(c, end.get()));
        return new TerminationOutcome(sessionId, TerminationOutcome.Status.TERMINATED, Optional.empty(), end, time);
    }

    /** When the session ended, if History has it (one DescribeSessions call; AWS errors are the caller's). */
    public Optional<Instant> endInHistory(SsmClient ssm, String sessionId) {
        var history = ssm.describeSessions(r -> r.state(SessionState.HISTORY).filters(SessionFilter.builder()
                .key(SessionFilterKey.SESSION_ID).value(sessionId).build())).sessions();
        if (history.isEmpty()) {
            return Optional.empty();
        }
        Instant end = history.get(0).endDate();
        return Optional.of(end != null ? end : clock.instant());
    }

    private Optional<Instant> confirmEnd(SsmClient ssm, String sessionId) {
        long deadline = System.nanoTime() + confirmWithin.toNanos();
        long pauseMillis = 50;
        while (true) {
            try {
                Optional<Instant> end = endInHistory(ssm, sessionId);
                if (end.isPresent()) {
                    return end;
                }
            } catch (SdkException e) {
                // A failed look is retried like a session that has not ended yet.
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            try {
                // The service ends sessions asynchronously; this waits for AWS, not for a test.
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pauseMillis = Math.min(pauseMillis * 2, 2000);
        }
    }
}
