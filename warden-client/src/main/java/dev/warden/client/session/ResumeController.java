package dev.warden.client.session;

import dev.warden.client.ClientOptions;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.SessionListener.ResumeTrigger;
import dev.warden.client.resume.Backoff;
import dev.warden.client.resume.CredentialsSnapshot;
import dev.warden.client.resume.ResumeFailure;
import dev.warden.client.resume.ResumePolicy;
import dev.warden.client.resume.SessionApi;
import dev.warden.client.transport.ConnectionListener;
import dev.warden.client.transport.WebSocketConnection;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a session connected (client-protocol.md §7, §9): after a connection is lost it calls ResumeSession with
 * credentials freshly resolved from the provider, dials the returned StreamUrl with the returned token and a
 * freshly signed upgrade, and hands the new connection to the session, retrying with backoff and jitter until the
 * resume deadline. Before the credentials that signed the current connection expire it does the same while the
 * old connection still works (make-before-break), so the service never has to drop it.
 *
 * <p>One attempt runs at a time. Confined to the session's event loop; the blocking API call runs on the
 * blocking executor.
 */
final class ResumeController {

    private static final Logger log = LoggerFactory.getLogger(ResumeController.class);
    /** How often to look again for refreshed credentials when the provider still returns the expiring ones. */
    private static final Duration REFRESH_RECHECK = Duration.ofSeconds(10);
    /** Closer than this to the expiry, a proactive resume is not started any more. */
    private static final Duration PROACTIVE_MINIMUM = Duration.ofMillis(500);

    /** What the controller needs from its session. */
    interface Host {
        SessionCoordinates coordinates();

        void coordinatesResumed(SessionCoordinates next);

        /** Makes {@code next} the session's connection (detaching and closing the previous one). */
        void adopt(WebSocketConnection next, ResumeTrigger trigger, Duration took);

        void end(SessionEnd end);

        boolean isEnded();

        ConnectionListener connectionListener();

        void warn(String message);
    }

    private final Host host;
    private final EventLoop loop;
    private final SessionApi api;
    private final ConnectionOpener opener;
    private final Executor blocking;
    private final ClientOptions options;
    private final ResumePolicy policy;
    private final Backoff backoff;

    private boolean stopped;
    private boolean running;
    private boolean lost;
    private long lostAtNanos;
    private long startedAtNanos;
    private int attempt;
    private int authFailures;
    private int credentialFailures;
    private Throwable lastError;
    /** Expiry of the credentials that signed the current connection; null when none or proactive is off. */
    private Instant signingExpiry;
    private ScheduledFuture<?> timer;

    ResumeController(Host host, EventLoop loop, SessionApi api, ConnectionOpener opener, Executor blocking,
                     ClientOptions options, Backoff backoff) {
        this.host = Objects.requireNonNull(host, "host");
        this.loop = loop;
        this.api = api;
        this.opener = opener;
        this.blocking = blocking;
        this.options = options;
        this.policy = new ResumePolicy(options.maxAuthFailures(), options.maxCredentialFailures());
        this.backoff = backoff;
    }

    /** The session now runs on {@code connection}: reset, and arm the proactive resume for its credentials. */
    void connected(WebSocketConnection connection) {
        running = false;
        lost = false;
        attempt = 0;
        authFailures = 0;
        credentialFailures = 0;
        lastError = null;
        cancelTimer();
        signingExpiry = null;
        Optional<Instant> expiry = connection.credentialsExpiry();
        if (options.proactiveResume() && expiry.isPresent()) {
            signingExpiry = expiry.get();
            scheduleProactive(Duration.between(Instant.now(), signingExpiry).minus(options.proactiveResumeMargin()));
        }
    }

    /** The current connection is gone: resume, unless an attempt is already under way. */
    void connectionLost(Throwable cause) {
        if (stopped) {
            return;
        }
        if (!lost) {
            lost = true;
            lostAtNanos = System.nanoTime();
        }
        if (!running) {
            cancelTimer(); // a pending proactive check: the reactive path takes over
            attempt = 0;
            startedAtNanos = System.nanoTime();
            running = true;
            runAttempt();
        }
    }

    void stop() {
        stopped = true;
        cancelTimer();
    }

    // ---------------------------------------------------------------------------------------------------------

    private void scheduleProactive(Duration delay) {
        cancelTimer();
        long nanos = Math.max(0, delay.toNanos());
        timer = loop.schedule(this::proactiveCheck, nanos, TimeUnit.NANOSECONDS);
    }

    private void proactiveCheck() {
        timer = null;
        if (stopped || running || lost || signingExpiry == null) {
            return;
        }
        if (Duration.between(Instant.now(), signingExpiry).compareTo(PROACTIVE_MINIMUM) < 0) {
            log.info("Session {}: too close to the credentials' expiry for a proactive resume",
                    host.coordinates().sessionId());
            return;
        }
        running = true;
        attempt = 0;
        startedAtNanos = System.nanoTime();
        runAttempt();
    }

    private void runAttempt() {
        timer = null;
        if (stopped || host.isEnded()) {
            return;
        }
        String sessionId = host.coordinates().sessionId();
        Instant expiring = lost ? null : signingExpiry;
        CompletableFuture.supplyAsync(() -> call(sessionId, expiring), blocking)
                .whenCompleteAsync((call, error) -> {
                    if (error != null) {
                        onFailure(error, null);
                    } else {
                        onResumeCall(call);
                    }
                }, loop);
    }

    /** Off the event loop: the ResumeSession call, or "not yet" when a proactive resume finds no fresh keys. */
    private SessionApi.ResumeCall call(String sessionId, Instant expiring) {
        if (expiring != null) {
            CredentialsSnapshot current;
            try {
                current = CredentialsSnapshot.of(api.resolveCredentials());
            } catch (RuntimeException e) {
                return new SessionApi.ResumeCall(null, null, null, e);
            }
            if (current.expiration().map(e -> !e.isAfter(expiring)).orElse(false)) {
                return null; // the provider has not refreshed yet: resuming now would sign with the same keys
            }
        }
        return api.resume(sessionId);
    }

    private void onResumeCall(SessionApi.ResumeCall call) {
        if (stopped || host.isEnded()) {
            return;
        }
        if (call == null) {
            running = false;
            Duration left = Duration.between(Instant.now(), signingExpiry);
            Duration wait = left.dividedBy(2).compareTo(REFRESH_RECHECK) < 0 ? left.dividedBy(2) : REFRESH_RECHECK;
            if (!lost && left.compareTo(PROACTIVE_MINIMUM) > 0) {
                log.debug("Session {}: credentials not refreshed yet; looking again in {} ms",
                        host.coordinates().sessionId(), wait.toMillis());
                scheduleProactive(wait);
            }
            return;
        }
        if (!call.succeeded()) {
            onFailure(call.failure(), call.credentials());
            return;
        }
        SessionCoordinates current = host.coordinates();
        if (call.tokenValue() == null || call.tokenValue().isBlank()) {
            host.end(SessionEnd.of(SessionEnd.Reason.SESSION_TIMED_OUT,
                    "Session: " + current.sessionId() + " timed out."));
            return;
        }
        authFailures = 0;
        credentialFailures = 0;
        SessionCoordinates next = current.resumed(call.tokenValue(), call.streamUrl());
        if (call.streamUrl() == null || call.streamUrl().isBlank()) {
            log.warn("Session {}: ResumeSession returned no StreamUrl; reusing the previous one", next.sessionId());
        }
        host.coordinatesResumed(next);
        log.info("Session {}: ResumeSession succeeded (credentials {}); opening a new data channel connection",
                next.sessionId(), call.credentials());
        opener.open(loop, next, host.connectionListener()).whenCompleteAsync((connection, error) -> {
            if (error != null) {
                onFailure(error, call.credentials());
            } else {
                onConnected(connection);
            }
        }, loop);
    }

    private void onConnected(WebSocketConnection connection) {
        if (stopped || host.isEnded()) {
            connection.close();
            return;
        }
        ResumeTrigger trigger = lost ? ResumeTrigger.CONNECTION_LOST : ResumeTrigger.CREDENTIALS_EXPIRING;
        Duration took = Duration.ofNanos(System.nanoTime() - startedAtNanos);
        running = false;
        host.adopt(connection, trigger, took);
    }

    private void onFailure(Throwable error, CredentialsSnapshot credentials) {
        if (stopped || host.isEnded()) {
            return;
        }
        lastError = error;
        ResumeFailure failure = ResumeFailure.classify(error);
        authFailures = failure == ResumeFailure.AUTHENTICATION ? authFailures + 1 : 0;
        credentialFailures = failure == ResumeFailure.CREDENTIALS_UNAVAILABLE ? credentialFailures + 1 : 0;
        String sessionId = host.coordinates().sessionId();
        String code = ResumeFailure.errorCode(error);
        log.warn("Session {}: resume attempt {} failed ({}{}): {}", sessionId, attempt + 1, failure,
                code == null ? "" : ", " + code, rootMessage(error));
        Optional<SessionEnd> decision = policy.decide(failure, code, credentials, authFailures,
                credentialFailures, sessionId);
        if (decision.isPresent()) {
            SessionEnd end = decision.get();
            boolean sessionIsGone = end.reason() == SessionEnd.Reason.SESSION_NOT_FOUND;
            if (lost || sessionIsGone) {
                host.end(new SessionEnd(end.reason(), end.message(), ResumeFailureAccess.unwrap(error)));
            } else {
                running = false;
                host.warn("Proactive resume of session " + sessionId + " failed: " + end.message()
                        + " The session continues on its current connection.");
            }
            return;
        }
        scheduleRetry();
    }

    private void scheduleRetry() {
        Duration delay = backoff.delay(attempt++);
        if (lost) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - lostAtNanos);
            if (elapsed.plus(delay).compareTo(options.resumeDeadline()) > 0) {
                String sessionId = host.coordinates().sessionId();
                host.end(SessionEnd.of(SessionEnd.Reason.RESUME_FAILED, "Could not resume session " + sessionId
                        + " within " + options.resumeDeadline().toSeconds() + " s; last error: "
                        + rootMessage(lastError), lastError));
                return;
            }
        } else if (signingExpiry == null || Instant.now().plus(delay).isAfter(signingExpiry)) {
            running = false; // too late for make-before-break; the reactive path will resume after the drop
            return;
        }
        timer = loop.schedule(this::runAttempt, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    static String rootMessage(Throwable error) {
        if (error == null) {
            return "none";
        }
        Throwable t = ResumeFailureAccess.unwrap(error);
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
