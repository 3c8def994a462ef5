package dev.warden.cli.tunnel;

import dev.warden.cli.ExitCodes;
import dev.warden.cli.aws.CredentialsCheck;
import dev.warden.client.SessionEnd;
import dev.warden.client.SessionHandle;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionFilterKey;
import software.amazon.awssdk.services.ssm.model.SessionState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a running session until it ends and decides the exit code: shows how long the session may last when the
 * service reports a maxSessionDuration and warns {@code warnBefore} ahead of that end; ends the session when
 * credentials that cannot be refreshed expire (within seconds, instead of a retry storm or a zombie); maps the
 * client's {@code SessionEnd} to a {@link SessionOutcome}.
 */
final class SessionWatch {

    /** How long after fixed credentials expire the watch gives the client to notice first. */
    private static final Duration EXPIRY_GRACE = Duration.ofSeconds(2);

    private final SessionContext context;
    private final Duration warnBefore;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warden-session-watch");
        t.setDaemon(true);
        return t;
    });

    SessionWatch(SessionContext context, Duration warnBefore) {
        this.context = context;
        this.warnBefore = warnBefore;
    }

    /** Blocks until the session ends (or must end); returns the exit code after printing why, if needed. */
    int awaitEnd(SessionHandle session, boolean endsOnlyByService) {
        return awaitEnd(List.of(session), endsOnlyByService);
    }

    /**
     * Blocks until the first of {@code sessions} ends (or they must end), closes the others, and returns the exit
     * code after printing why, if needed.
     */
    int awaitEnd(List<? extends SessionHandle> sessions, boolean endsOnlyByService) {
        CompletableFuture<SessionOutcome> outcome = new CompletableFuture<>();
        for (SessionHandle session : sessions) {
            session.completion().thenAccept(end -> {
                if (end.reason() == SessionEnd.Reason.CREDENTIALS_EXPIRED
                        && context.credentialsCheck.fixedTemporary()) {
                    outcome.complete(new SessionOutcome(ExitCodes.CREDENTIALS,
                            context.credentialsCheck.expiredMessage()));
                } else {
                    outcome.complete(SessionOutcome.of(end, endsOnlyByService));
                }
            });
        }
        watchCredentials(sessions, outcome);
        sessions.forEach(session -> timers.execute(() -> showMaximumDuration(session)));
        SessionOutcome result = outcome.join();
        timers.shutdownNow();
        sessions.forEach(SessionWatch::closeQuietly);
        if (result.message() != null) {
            if (result.exitCode() == ExitCodes.OK) {
                context.status.info(result.message());
            } else {
                context.status.error(result.message());
            }
        }
        return result.exitCode();
    }

    /** Closes a session that may already be gone with its client (a signal's shutdown closed it first). */
    static void closeQuietly(SessionHandle session) {
        try {
            session.close();
        } catch (RejectedExecutionException e) {
            // the client's event loop has stopped: the session is closed already
        }
    }

    private void watchCredentials(List<? extends SessionHandle> sessions, CompletableFuture<SessionOutcome> outcome) {
        CredentialsCheck check = context.credentialsCheck;
        if (!check.fixedTemporary() || check.expiry().isEmpty()) {
            return;
        }
        long delay = Math.max(0, Duration.between(Instant.now(), check.expiry().get()).plus(EXPIRY_GRACE).toMillis());
        timers.schedule(() -> outcome.complete(new SessionOutcome(ExitCodes.CREDENTIALS, check.expiredMessage())),
                delay, TimeUnit.MILLISECONDS);
    }

    /** DescribeSessions reports the service's maxSessionDuration (minutes) for an active session. */
    private void showMaximumDuration(SessionHandle handle) {
        Optional<Session> described;
        try {
            described = context.ssm().describeSessions(r -> r.state(SessionState.ACTIVE)
                            .filters(f -> f.key(SessionFilterKey.SESSION_ID).value(handle.sessionId())))
                    .sessions().stream().findFirst();
        } catch (SdkException e) {
            context.status.info("cannot read the session's maximum duration: " + e.getMessage());
            return;
        }
        described.filter(s -> s.maxSessionDuration() != null && !s.maxSessionDuration().isBlank()
                        && s.startDate() != null)
                .ifPresent(s -> {
                    long minutes;
                    try {
                        minutes = Long.parseLong(s.maxSessionDuration().trim());
                    } catch (NumberFormatException e) {
                        return;
                    }
                    Instant end = s.startDate().plus(Duration.ofMinutes(minutes));
                    context.status.notice("session " + handle.sessionId() + " may last " + minutes
                            + (minutes == 1 ? " minute" : " minutes") + " (maxSessionDuration), until " + end);
                    long delay = Duration.between(Instant.now(), end.minus(warnBefore)).toMillis();
                    timers.schedule(() -> context.status.notice("session " + handle.sessionId() + " ends at " + end
                            + " (maxSessionDuration); " + Math.max(0, Duration.between(Instant.now(), end)
                            .toMinutes()) + " minutes left"), Math.max(0, delay), TimeUnit.MILLISECONDS);
                });
    }
}
