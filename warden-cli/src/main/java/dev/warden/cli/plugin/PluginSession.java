package dev.warden.cli.plugin;

import dev.warden.cli.shell.InteractiveShell;
import dev.warden.client.ClientOptions;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionEnd;
import dev.warden.client.WardenClient;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortMode;
import dev.warden.client.port.PortSession;
import dev.warden.client.session.SessionEndedException;
import dev.warden.client.shell.ShellSession;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;

import java.io.PrintStream;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the session the AWS CLI started, as the official plugin would: a shell on the terminal, an SSH byte stream
 * on stdin/stdout, or a local port forward. Credentials come from a provider for the CLI's profile (or the default
 * chain), asked again before every resume, KMS call and connection.
 */
final class PluginSession {

    /** The official plugin's refusal of encryption in legacy CLI mode, word for word. */
    static final String LEGACY_CLI_ENCRYPTION = "Installed version of CLI does not support Session Manager "
            + "encryption feature. Please upgrade to the latest version of your CLI (e.g., AWS CLI).";

    private final PluginArguments.Invocation invocation;
    private final PrintStream out;
    private final StatusOnStderr status;

    PluginSession(PluginArguments.Invocation invocation, PrintStream out, StatusOnStderr status) {
        this.invocation = invocation;
        this.out = out;
        this.status = status;
    }

    /** Runs the session to its end; failures are reported on stderr. */
    void run() throws Exception {
        SessionCoordinates started = SessionCoordinates.fromStartSessionJson(invocation.responseJson());
        PluginRequest request = invocation.legacyCli() ? PluginRequest.ofLegacyCli()
                : PluginRequest.fromJson(invocation.requestJson());
        AwsCredentialsProvider credentials = credentials();
        try (WardenClient client = WardenClient.builder().region(invocation.region()).credentials(credentials)
                .ssmEndpoint(endpoint()).options(options()).build()) {
            SessionKind kind = SessionKind.of(request, name -> documentContent(name, credentials));
            SessionEnd end = kind == SessionKind.SHELL ? shell(client, started, request)
                    : port(client, started, request);
            if (end != null) {
                status.info(end.message());
            }
        } catch (CompletionException | ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SessionEndedException ended) {
                status.info(ended.end().message());
            } else {
                status.error("Cannot perform start session: " + cause.getMessage());
            }
        }
    }

    private SessionEnd shell(WardenClient client, SessionCoordinates started, PluginRequest request)
            throws Exception {
        try (InteractiveShell terminal = InteractiveShell.open(message -> status.info("warden: " + message))) {
            status.info("Starting session with SessionId: " + started.sessionId());
            ShellSession session = client.attachShellSession(started, request.target(), terminal.output(),
                    terminal.initialSize(), status).get();
            ExitOnSignal.whileRunning(() -> {
                terminal.restore();
                session.close();
            });
            try {
                return terminal.run(session).end();
            } finally {
                ExitOnSignal.sessionEnded();
            }
        }
    }

    private SessionEnd port(WardenClient client, SessionCoordinates started, PluginRequest request)
            throws Exception {
        PortSession session = client.attachPortSession(started, request.target(), LocalPort.asDocumentSays(), status)
                .get();
        if (session.mode() == PortMode.BYTE_STREAM) {
            return StdioStream.ofProcess().run(session); // stdout is the stream's: not one byte of our own on it
        }
        status.info("Starting session with SessionId: " + started.sessionId());
        ExitOnSignal.whileRunning(() -> terminate(session));
        // The keys are watched before the port is announced: whoever reads the announcement may press them at once.
        try (StopKeys keys = StopKeys.watch(() -> {
            status.info("Terminate signal received, exiting.");
            terminate(session);
        }, status::warn)) {
            // On stdout, in the official plugin's words, for scripts that read the chosen port from it.
            out.print("Port " + session.localAddress().orElseThrow().getPort() + " opened for sessionId "
                    + started.sessionId() + ".\nWaiting for connections...\n");
            out.flush();
            return session.completion().join();
        } finally {
            ExitOnSignal.sessionEnded();
        }
    }

    /** Ctrl-C or SIGTERM while forwarding: end the session on the service, as the official plugin does. */
    private static void terminate(PortSession session) {
        if (!session.completion().isDone()) {
            try {
                session.terminate().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // exiting anyway; the service ends the session after its idle timeout
            }
            session.close(); // the end is ours now, whatever the service answered
        }
    }

    /**
     * Called by an AWS CLI too old to pass the profile, request and endpoint (three arguments), the official plugin
     * refuses KMS-encrypted sessions with these words (client-protocol.md §5.3), without calling KMS.
     */
    private ClientOptions options() {
        return invocation.legacyCli() ? ClientOptions.defaults().toBuilder().refuseEncryption(LEGACY_CLI_ENCRYPTION)
                .build() : ClientOptions.defaults();
    }

    private AwsCredentialsProvider credentials() {
        return invocation.profile().isBlank() ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(invocation.profile()).build();
    }

    private URI endpoint() {
        return invocation.endpoint().isBlank() ? null : URI.create(invocation.endpoint());
    }

    /** A custom document's content, to learn its session type; empty when it cannot be read. */
    private Optional<String> documentContent(String name, AwsCredentialsProvider credentials) {
        try (SsmClient ssm = SsmClient.builder().region(Region.of(invocation.region())).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .applyMutation(b -> {
                    if (endpoint() != null) {
                        b.endpointOverride(endpoint());
                    }
                }).build()) {
            return Optional.ofNullable(ssm.getDocument(r -> r.name(name).documentFormat(DocumentFormat.JSON))
                    .content());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
