package dev.warden.cli.tunnel;

import dev.warden.cli.CommandFailure;
import dev.warden.cli.ExitCodes;
import dev.warden.cli.LoggingOptions;
import dev.warden.cli.Stdio;
import dev.warden.cli.aws.AwsOptions;
import dev.warden.cli.aws.AwsSettings;
import dev.warden.cli.aws.CredentialsCheck;
import dev.warden.cli.aws.TargetResolver;
import dev.warden.client.ClientOptions;
import dev.warden.client.SessionHandle;
import dev.warden.client.SessionListener;
import dev.warden.client.WardenClient;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.StartSessionRequest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything one session command stands on: the resolved AWS settings, the credentials provider (checked once at
 * start, with the one-line notice for credentials that cannot be refreshed), the Warden client, an SSM client for
 * the calls around the session, and the status lines. Closing it closes the clients.
 */
final class SessionContext implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(3);

    final AwsSettings settings;
    final CredentialsCheck credentialsCheck;
    final WardenClient client;
    final StatusLine status;
    private final AwsCredentialsProvider credentials;
    private final Stdio.StopSignal stopSignal;
    /** For the API calls around a session (target lookup, DescribeSessions); built when first needed. */
    private SsmClient ssm;

    private SessionContext(AwsSettings settings, CredentialsCheck check, WardenClient client,
                           AwsCredentialsProvider credentials, StatusLine status, Stdio.StopSignal stopSignal) {
        this.settings = settings;
        this.stopSignal = stopSignal;
        this.credentialsCheck = check;
        this.client = client;
        this.credentials = credentials;
        this.status = status;
    }

    static SessionContext open(AwsOptions aws, LoggingOptions logging, Stdio stdio) {
        if (stdio.ownsProcess()) {
            logging.applyForSessionCommand();
        }
        StatusLine status = new StatusLine(stdio.err(), logging);
        AwsSettings settings = aws.resolve();
        AwsCredentialsProvider credentials = settings.credentialsProvider();
        // Independent start-up work side by side: the client (SDK client, TLS context, event loops: mostly cold
        // code loading) needs the provider, not the credentials, which are resolved meanwhile.
        CompletableFuture<WardenClient> building = CompletableFuture.supplyAsync(
                () -> settings.wardenClient(credentials, ClientOptions.defaults()));
        CredentialsCheck check;
        try {
            check = CredentialsCheck.of(settings, credentials);
        } catch (RuntimeException e) {
            building.thenAccept(WardenClient::close);
            throw e;
        }
        check.notice().ifPresent(status::notice);
        return new SessionContext(settings, check, joined(building), credentials, status, stdio.stop());
    }

    private static WardenClient joined(CompletableFuture<WardenClient> building) {
        try {
            return building.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    String resolveTarget(String target) {
        if (TargetResolver.isInstanceId(target)) {
            return target;
        }
        return new TargetResolver(ssm()).resolve(target);
    }

    /** The SSM client for calls around the session, built on first use: an SDK client costs start-up time. */
    synchronized SsmClient ssm() {
        if (ssm == null) {
            ssm = settings.ssmClient(credentials);
        }
        return ssm;
    }

    /** Status lines for the session's events: resumes are routine (verbose), warnings are shown. */
    SessionListener listener() {
        return new SessionListener() {
            @Override
            public void onResumed(ResumeTrigger trigger, int connectionNumber, Duration took) {
                status.info("resumed on connection " + connectionNumber + " ("
                        + (trigger == ResumeTrigger.CREDENTIALS_EXPIRING ? "credentials renewed" : "connection lost")
                        + ", " + took.toMillis() + " ms)");
            }

            @Override
            public void onConnectionLost(Throwable cause) {
                status.info("connection lost, resuming: " + cause.getMessage());
            }

            @Override
            public void onConnectToPortError() {
                status.notice("the instance could not connect to the destination port for a new connection");
            }

            @Override
            public void onWarning(String message) {
                status.notice(message);
            }

            @Override
            public void onCustomerMessage(String message) {
                status.info(message);
            }
        };
    }

    /** Waits for a session start, turning its failure into a clear one-line error. */
    static <T> T await(CompletableFuture<T> starting, StartSessionRequest request) {
        try {
            return starting.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCodes.FAILURE, "interrupted while starting the session");
        } catch (TimeoutException e) {
            starting.cancel(true);
            throw new CommandFailure(ExitCodes.FAILURE, "the session to " + request.target() + " did not start within "
                    + START_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SdkException sdk) {
                throw new CommandFailure(ExitCodes.FAILURE, "StartSession (" + request.documentName() + " on "
                        + request.target() + ") failed: " + sdk.getMessage(), sdk);
            }
            throw new CommandFailure(ExitCodes.FAILURE, "the session to " + request.target() + " could not start: "
                    + (cause == null ? e.getMessage() : cause.getMessage()), cause);
        }
    }

    /**
     * On SIGINT, SIGTERM or SIGHUP (OpenSSH sends its ProxyCommand SIGHUP when it exits), or when the launcher a
     * resident process runs the command for goes away, ends {@code sessions} with TerminateSession, so none lingers
     * at the service until its idle timeout, then closes the clients. Bounded.
     */
    void stopOnSignal(List<? extends SessionHandle> sessions) {
        stopSignal.whenStopped(() -> {
            CompletableFuture<?>[] ends = sessions.stream().filter(s -> !s.completion().isDone())
                    .map(s -> s.terminate().exceptionally(e -> null)).toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(ends).get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // stopping anyway
            }
            close();
        });
    }

    @Override
    public synchronized void close() {
        client.close();
        if (ssm != null) {
            ssm.close();
        }
    }
}
