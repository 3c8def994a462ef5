package dev.warden.cli.tunnel;

import dev.warden.cli.DurationConverter;
import dev.warden.cli.WardenCommand;
import dev.warden.cli.aws.AwsOptions;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortSession;
import dev.warden.client.port.PortStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.ssm.model.StartSessionRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code warden ssh-proxy TARGET [PORT]}: an AWS-StartSSHSession as a byte-clean standard input/output stream for
 * OpenSSH's ProxyCommand. Stdout carries the remote bytes and nothing else; every status line goes to stderr.
 */
@Command(
        name = "ssh-proxy",
        mixinStandardHelpOptions = true,
        description = {
                "Connects standard input and output to PORT (default 22) of TARGET through Session Manager "
                        + "(AWS-StartSSHSession), for OpenSSH's ProxyCommand. Standard output carries nothing but "
                        + "the remote bytes; status goes to stderr (with --verbose, or on errors).",
                "The session resumes with fresh credentials and after dropped connections without losing a byte.",
                "",
                "TARGET: an instance id (i-…, mi-…), a Name tag value, or tag:Key=Value matching one instance."
        },
        footer = {
                "",
                "Example (~/.ssh/config, or print a block with `warden ssh-config`):",
                "  Host i-* mi-*",
                "      ProxyCommand warden ssh-proxy %%h %%p",
                "",
                "Exit codes: 0 the stream ended, 1 failure, 2 invalid usage, 4 credentials expired or unusable, "
                        + "5 the service ended the session."
        })
public final class SshProxyCommand implements Callable<Integer> {

    @ParentCommand
    private WardenCommand warden;

    @Mixin
    private AwsOptions aws;

    @Parameters(index = "0", paramLabel = "TARGET", description = "Instance id, Name tag value, or tag:Key=Value.")
    private String target;

    @Parameters(index = "1", paramLabel = "PORT", defaultValue = "22", description = "Remote port (default: 22).")
    private int port;

    @Option(names = "--document-name", paramLabel = "NAME", defaultValue = "AWS-StartSSHSession",
            description = "Session document (default: AWS-StartSSHSession); it must take a portNumber parameter.")
    private String documentName;

    @Option(names = "--warn-before", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Warn on stderr this long before the session's maximum duration ends it (default: 5m).")
    private Duration warnBefore;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "PORT must be within 1..65535, not " + port);
        }
        try (SessionContext context = SessionContext.open(aws, warden.logging(), warden.stdio())) {
            StartSessionRequest request = StartSessionRequest.builder().target(context.resolveTarget(target))
                    .documentName(documentName).parameters(Map.of("portNumber", List.of(String.valueOf(port))))
                    .build();
            PortSession session = SessionContext.await(
                    context.client.startPortSession(request, LocalPort.none(), context.listener()), request);
            context.status.info("session " + session.sessionId() + " to " + request.target() + ":" + port
                    + " (" + session.mode() + ")");
            context.stopOnSignal(List.of(session));
            PortStream stream = session.openStream();
            // Raw streams (Stdio): nothing may buffer or add to the SSH stream. At stdin's end the session stays open,
            // so the remote's answer still arrives; OpenSSH ends us with SIGHUP.
            Pumps.start("warden-stdin", warden.stdio().in(), stream.output(), false);
            Pumps.start("warden-stdout", stream.input(), warden.stdio().out());
            return new SessionWatch(context, warnBefore).awaitEnd(session, false);
        }
    }
}
