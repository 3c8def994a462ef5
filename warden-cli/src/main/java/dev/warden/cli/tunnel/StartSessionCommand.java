package dev.warden.cli.tunnel;

import dev.warden.cli.CommandFailure;
import dev.warden.cli.DurationConverter;
import dev.warden.cli.ExitCodes;
import dev.warden.cli.WardenCommand;
import dev.warden.cli.aws.AwsOptions;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortMode;
import dev.warden.client.port.PortSession;
import dev.warden.client.port.PortStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ssm.model.StartSessionRequest;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code warden start-session}: the generic form with the flags of {@code aws ssm start-session}. Port documents
 * run as {@code ssh-proxy} (a byte stream on stdin/stdout) or {@code forward} (a listener on the document's
 * localPortNumber) would; shell documents belong to {@code warden shell}.
 */
@Command(
        name = "start-session",
        mixinStandardHelpOptions = true,
        description = {
                "Starts a session as `aws ssm start-session` does, with the same flags. AWS-StartSSHSession (and any "
                        + "port document the agent runs as a byte stream) connects standard input and output; the "
                        + "port forwarding documents listen on localPortNumber (a free port when not given) and "
                        + "print the address on stderr."
        },
        footer = {
                "",
                "Examples:",
                "  warden start-session --target i-0123456789abcdef0 --document-name AWS-StartPortForwardingSession \\",
                "      --parameters portNumber=80,localPortNumber=8080",
                "  warden start-session --target web-prod-1 --document-name AWS-StartSSHSession \\",
                "      --parameters '{\"portNumber\":[\"22\"]}'",
                "",
                "Exit codes: 0 the session ended normally, 1 failure, 2 invalid usage, 4 credentials expired or "
                        + "unusable, 5 the service ended the session."
        })
public final class StartSessionCommand implements Callable<Integer> {

    private static final Set<String> SHELL_DOCUMENTS = Set.of("SSM-SessionManagerRunShell",
            "AWS-StartInteractiveCommand", "AWS-StartNonInteractiveCommand");

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private WardenCommand warden;

    @Mixin
    private AwsOptions aws;

    @Option(names = "--target", required = true, paramLabel = "TARGET",
            description = "Instance id, Name tag value, or tag:Key=Value.")
    private String target;

    @Option(names = "--document-name", paramLabel = "NAME", defaultValue = "SSM-SessionManagerRunShell",
            description = "Session document (default: SSM-SessionManagerRunShell, the shell: use `warden shell`).")
    private String documentName;

    @Option(names = "--parameters", paramLabel = "PARAMETERS",
            description = "Document parameters: JSON {\"portNumber\":[\"80\"]} or shorthand portNumber=80,"
                    + "localPortNumber=8080.")
    private String parameters;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the session is started (recorded by AWS).")
    private String reason;

    @Option(names = "--warn-before", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Warn on stderr this long before the session's maximum duration ends it (default: 5m).")
    private Duration warnBefore;

    @Override
    public Integer call() {
        Map<String, List<String>> parsed;
        try {
            parsed = parameters == null ? Map.of() : SessionParameters.parse(parameters);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (SHELL_DOCUMENTS.contains(documentName) && !parsed.containsKey("portNumber")) {
            throw new CommandFailure(ExitCodes.USAGE, documentName + " is a shell document: use `warden shell "
                    + target + " --document-name " + documentName + "`; start-session runs port documents");
        }
        try (SessionContext context = SessionContext.open(aws, warden.logging(), warden.stdio())) {
            StartSessionRequest.Builder builder = StartSessionRequest.builder().target(context.resolveTarget(target))
                    .documentName(documentName).parameters(parsed);
            if (reason != null) {
                builder.reason(reason);
            }
            StartSessionRequest request = builder.build();
            PortSession session = SessionContext.await(context.client.startPortSession(request,
                    LocalPort.asDocumentSays(), context.listener()), request);
            context.status.info("session " + session.sessionId() + " (" + session.mode() + ")");
            context.stopOnSignal(List.of(session));
            boolean stream = session.mode() == PortMode.BYTE_STREAM;
            if (stream) {
                PortStream io = session.openStream();
                Pumps.start("warden-stdin", warden.stdio().in(), io.output(), false);
                Pumps.start("warden-stdout", io.input(), warden.stdio().out());
            } else {
                InetSocketAddress local = session.localAddress().orElseThrow();
                context.status.notice("Forwarding " + ForwardSpec.hostPort(local.getAddress().getHostAddress(),
                        local.getPort()) + " -> " + request.target() + " (" + documentName + ")");
            }
            return new SessionWatch(context, warnBefore).awaitEnd(session, !stream);
        }
    }
}
