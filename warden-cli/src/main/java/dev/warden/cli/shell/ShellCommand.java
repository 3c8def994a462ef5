package dev.warden.cli.shell;

import dev.warden.cli.CommandFailure;
import dev.warden.cli.DurationConverter;
import dev.warden.cli.ExitCodes;
import dev.warden.cli.WardenCommand;
import dev.warden.cli.aws.AwsOptions;
import dev.warden.cli.aws.AwsSettings;
import dev.warden.cli.aws.CredentialsCheck;
import dev.warden.cli.aws.TargetResolver;
import dev.warden.cli.tunnel.SessionOutcome;
import dev.warden.cli.tunnel.SessionParameters;
import dev.warden.cli.tunnel.SessionWatch;
import dev.warden.cli.tunnel.StatusLine;
import dev.warden.client.ClientOptions;
import dev.warden.client.SessionListener;
import dev.warden.client.WardenClient;
import dev.warden.client.session.SessionEndedException;
import dev.warden.client.shell.ShellSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.StartSessionRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code warden shell TARGET}: an interactive shell on a managed instance, in this terminal. */
@Command(
        name = "shell",
        mixinStandardHelpOptions = true,
        description = {
                "Opens a shell on TARGET in this terminal (raw mode: Ctrl-C, Ctrl-Z and arrow keys go to the remote"
                        + " shell, window resizes follow). Type ~. at the start of a line to leave a session that no"
                        + " longer answers. Without a terminal, standard input is sent as it is and the shell exits"
                        + " at its end."},
        footer = {
                "",
                "Examples:",
                "  warden shell i-0123456789abcdef0",
                "  warden shell web-prod-1 --region eu-west-1",
                "  warden shell tag:Role=db --document-name AWS-StartInteractiveCommand --parameters command=top",
                "",
                "Exit codes: the remote command's exit code when the session sends one (documents with"
                        + " separate output); otherwise 0 the shell ended, 1 failure, 2 invalid usage, 4 credentials"
                        + " expired or unusable, 5 the service ended the session, 255 left with ~."})
public final class ShellCommand implements java.util.concurrent.Callable<Integer> {

    /** Leaving with {@code ~.} says nothing about the remote shell's state: ssh's code for that. */
    public static final int LEFT_BY_ESCAPE = 255;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private WardenCommand warden;

    @Mixin
    private AwsOptions aws;

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "Instance id, Name tag value, or tag:Key=Value.")
    private String target;

    @Option(names = "--document-name", paramLabel = "NAME", defaultValue = "SSM-SessionManagerRunShell",
            description = "A shell document (Standard_Stream, InteractiveCommands or NonInteractiveCommands); "
                    + "default: SSM-SessionManagerRunShell, the account's shell preferences.")
    private String documentName;

    @Option(names = "--parameters", paramLabel = "PARAMETERS",
            description = "Document parameters: JSON {\"command\":[\"top\"]} or shorthand command=top.")
    private String parameters;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the session is started (recorded by AWS).")
    private String reason;

    @Option(names = "--warn-before", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Warn on stderr this long before the session's maximum duration ends it (default: 5m).")
    private Duration warnBefore;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<String, List<String>> parsed;
        try {
            parsed = parameters == null ? Map.of() : SessionParameters.parse(parameters);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        warden.logging().applyForSessionCommand();
        StatusLine status = new StatusLine(warden.logging(), ShellCommand::printLine);
        AwsSettings settings = aws.resolve();
        AwsCredentialsProvider credentials = settings.credentialsProvider();
        CredentialsCheck check = CredentialsCheck.of(settings, credentials);
        check.notice().ifPresent(status::notice);
        try (SsmClient ssm = settings.ssmClient(credentials);
             WardenClient client = settings.wardenClient(credentials, ClientOptions.defaults());
             InteractiveShell terminal = InteractiveShell.open(status::notice)) {
            StartSessionRequest.Builder request = StartSessionRequest.builder()
                    .target(new TargetResolver(ssm).resolve(target)).documentName(documentName).parameters(parsed);
            if (reason != null) {
                request.reason(reason);
            }
            ShellSession session = await(client.startShellSession(request.build(), terminal.output(),
                    terminal.initialSize(), statusLines(status)));
            SessionWatch watch = new SessionWatch(check, () -> ssm, status, warnBefore);
            // Fixed credentials that expire end the shell: closing the session ends the terminal's run.
            CompletableFuture<SessionOutcome> expired = watch.watch(List.of(session));
            expired.thenRun(session::close);
            InteractiveShell.Outcome outcome;
            try {
                outcome = terminal.run(session);
            } finally {
                watch.stop();
            }
            if (expired.isDone()) {
                return watch.report(expired.join());
            }
            return exitCode(outcome, watch);
        }
    }

    private static int exitCode(InteractiveShell.Outcome outcome, SessionWatch watch) {
        if (outcome.ending() == InteractiveShell.Ending.LEFT_BY_ESCAPE) {
            return LEFT_BY_ESCAPE;
        }
        if (outcome.exitCode().isPresent() && outcome.end().isNormal()) {
            return outcome.exitCode().getAsInt();
        }
        return watch.report(watch.outcomeOf(outcome.end(), false));
    }

    private static SessionListener statusLines(StatusLine status) {
        return new SessionListener() {
            @Override
            public void onCustomerMessage(String message) {
                status.notice(message);
            }

            @Override
            public void onWarning(String message) {
                status.notice(message);
            }

            @Override
            public void onConnectionLost(Throwable cause) {
                status.info("connection lost, resuming");
            }
        };
    }

    /** One status line on stderr; {@code \r}: the terminal may be in raw mode, where a newline does not return. */
    private static void printLine(String line) {
        synchronized (System.err) {
            System.err.print(line + "\r\n");
            System.err.flush();
        }
    }

    private ShellSession await(CompletableFuture<ShellSession> starting) throws InterruptedException {
        try {
            return starting.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            starting.cancel(true);
            throw new CommandFailure(ExitCodes.FAILURE, "the shell on " + target + " did not start within "
                    + START_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SessionEndedException ended) {
                SessionOutcome outcome = SessionOutcome.of(ended.end(), false);
                throw new CommandFailure(outcome.exitCode() == ExitCodes.OK ? ExitCodes.FAILURE : outcome.exitCode(),
                        "the shell on " + target + " could not start: " + ended.end().message(), cause);
            }
            if (cause instanceof SdkException sdk) {
                throw new CommandFailure(ExitCodes.FAILURE, "StartSession (" + documentName + " on " + target
                        + ") failed: " + sdk.getMessage(), sdk);
            }
            throw new CommandFailure(ExitCodes.FAILURE, "the shell on " + target + " could not start: "
                    + (cause == null ? e.getMessage() : cause.getMessage()), cause);
        }
    }
}
