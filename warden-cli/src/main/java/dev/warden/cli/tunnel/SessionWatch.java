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
import java.util.function.Supplier;

/**
 * Watches a running session until it ends and decides the exit code: shows how long the session may last when the
 * service reports a maxSessionDuration and warns {@code warnBefore} ahead of that end; ends the session when
 * credentials that cannot be refreshed expire (within seconds, instead of a retry storm or a zombie); maps the
 * client's {@code SessionEnd} to a {@link SessionOutcome}. The tunnel commands block in {@link #awaitEnd}; the shell,
 * whose terminal blocks on its own, starts the watch with {@link #watch} and stops it with {@link #stop}.
 */
public final class SessionWatch {

    /** How long after fixed credentials expire the watch gives the client to notice first. */
    private static final Duration EXPIRY_GRACE = Duration.ofSeconds(2);

    private final CredentialsCheck credentials;
    private final Supplier<SsmClient> ssm;
    private final StatusLine status;
    private final Duration warnBefore;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warden-session-watch");
        t.setDaemon(true);
        return t;
    });

    SessionWatch(SessionContext context, Duration warnBefore) {
        this(context.credentialsCheck, context::ssm, context.status, warnBefore);
    }

    /**
     * @param credentials what is known of the credentials at start (fixed ones end the session at their expiry)
     * @param ssm         the client for DescribeSessions (asked on a timer thread)
     * @param status      where the duration, the warning and the end's reason are shown
     * @param warnBefore  how long before the maximum duration's end to warn
     */
    public SessionWatch(CredentialsCheck credentials, Supplier<SsmClient> ssm, StatusLine status,
                        Duration warnBefore) {
        this.credentials = credentials;
        this.ssm = ssm;
        this.status = status;
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
            session.completion().thenAccept(end -> outcome.complete(outcomeOf(end, endsOnlyByService)));
        }
        watch(sessions).thenAccept(outcome::complete);
        SessionOutcome result = outcome.join();
        stop();
        sessions.forEach(SessionWatch::closeQuietly);
        return report(result);
    }

    /**
     * Starts watching {@code sessions} without blocking: shows their maximum duration and warns ahead of its end.
     * The returned future completes, with exit code 4 and its message, when fixed credentials expire: the caller
     * then ends the sessions. It never completes otherwise.
     */
    public CompletableFuture<SessionOutcome> watch(List<? extends SessionHandle> sessions) {
        CompletableFuture<SessionOutcome> expired = new CompletableFuture<>();
        watchCredentials(expired);
        sessions.forEach(session -> timers.execute(() -> showMaximumDuration(session)));
        return expired;
    }

    /** Stops the timers: nothing more is shown or decided. */
    public void stop() {
        timers.shutdownNow();
    }

    /** The exit code and line for a session's end; credentials that expired as announced say so in those words. */
    public SessionOutcome outcomeOf(SessionEnd end, boolean endsOnlyByService) {
        if (end.reason() == SessionEnd.Reason.CREDENTIALS_EXPIRED && credentials.fixedTemporary()) {
            return new SessionOutcome(ExitCodes.CREDENTIALS, credentials.expiredMessage());
        }
        return SessionOutcome.of(end, endsOnlyByService);
    }

    /** Shows why the session ended (an ordinary end only with --verbose) and returns its exit code. */
    public int report(SessionOutcome result) {
        if (result.message() != null) {
            if (result.exitCode() == ExitCodes.OK) {
                status.info(result.message());
            } else {
                status.error(result.message());
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

    private void watchCredentials(CompletableFuture<SessionOutcome> expired) {
        if (!credentials.fixedTemporary() || credentials.expiry().isEmpty()) {
            return;
        }
        long delay = Math.max(0, Duration.between(Instant.now(), credentials.expiry().get()).plus(EXPIRY_GRACE)
                .toMillis());
        timers.schedule(() -> expired.complete(new SessionOutcome(ExitCodes.CREDENTIALS,
                credentials.expiredMessage())), delay, TimeUnit.MILLISECONDS);
    }

    /** DescribeSessions reports the service's maxSessionDuration (minutes) for an active session. */
    private void showMaximumDuration(SessionHandle handle) {
        Optional<Session> described;
        try {
            described = ssm.get().describeSessions(r -> r.state(SessionState.ACTIVE)
                            .filters(f -> f.key(SessionFilterKey.SESSION_ID).value(handle.sessionId())))
                    .sessions().stream().findFirst();
        } catch (SdkException e) {
            status.info("cannot read the session's maximum duration: " + e.getMessage());
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
                    status.notice("session " + handle.sessionId() + " may last " + minutes
                            + (minutes == 1 ? " minute" : " minutes") + " (maxSessionDuration), until " + end);
                    long delay = Duration.between(Instant.now(), end.minus(warnBefore)).toMillis();
                    timers.schedule(() -> status.notice("session " + handle.sessionId() + " ends at " + end
                            + " (maxSessionDuration); " + Math.max(0, Duration.between(Instant.now(), end)
                            .toMinutes()) + " minutes left"), Math.max(0, delay), TimeUnit.MILLISECONDS);
                });
    }
}
