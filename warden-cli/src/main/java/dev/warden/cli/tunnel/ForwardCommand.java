package dev.warden.cli.tunnel;

import dev.warden.cli.CommandFailure;
import dev.warden.cli.DurationConverter;
import dev.warden.cli.ExitCodes;
import dev.warden.cli.WardenCommand;
import dev.warden.cli.aws.AwsOptions;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.services.ssm.model.StartSessionRequest;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code warden forward TARGET SPEC...}: local port forwarding with {@code ssh -L} syntax, one session per spec
 * (multiplexed when the agent supports it, so one session carries many connections). Runs until Ctrl-C or until
 * the service ends a session.
 */
@Command(
        name = "forward",
        mixinStandardHelpOptions = true,
        description = {
                "Forwards local TCP ports to ports of TARGET (or of a host TARGET can reach) through Session Manager. "
                        + "Prints one line per listener on stderr once it accepts connections. Connections are "
                        + "multiplexed over one session when the instance's agent supports it. Listeners stay open "
                        + "while sessions resume; Ctrl-C closes them.",
                "",
                "SPEC: [BIND:]LOCALPORT:[REMOTEHOST:]REMOTEPORT as for ssh -L. LOCALPORT 0 picks a free port. BIND "
                        + "defaults to 127.0.0.1; IPv6 addresses go in brackets: [::1]:8080:80. A REMOTEHOST uses "
                        + "AWS-StartPortForwardingSessionToRemoteHost (the instance connects to it).",
                "TARGET: an instance id (i-…, mi-…), a Name tag value, or tag:Key=Value matching one instance."
        },
        footer = {
                "",
                "Examples:",
                "  warden forward i-0123456789abcdef0 8080:80",
                "  warden forward web-prod-1 0:22 5432:db.internal:5432",
                "",
                "Exit codes: 1 failure (e.g. the local port is in use), 2 invalid usage, 4 credentials expired or "
                        + "unusable, 5 the service ended a session; Ctrl-C: 130."
        })
public final class ForwardCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private WardenCommand warden;

    @Mixin
    private AwsOptions aws;

    @Parameters(index = "0", paramLabel = "TARGET", description = "Instance id, Name tag value, or tag:Key=Value.")
    private String target;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "SPEC",
            description = "[BIND:]LOCALPORT:[REMOTEHOST:]REMOTEPORT")
    private List<String> specs;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "1",
            description = "Spread each listener's connections over N sessions (default 1), to pass the service's "
                    + "per-session rate cap.")
    private int sessionCount;

    @Option(names = "--warn-before", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Warn on stderr this long before the session's maximum duration ends it (default: 5m).")
    private Duration warnBefore;

    @Override
    public Integer call() {
        List<ForwardSpec> forwards = new ArrayList<>();
        for (String s : specs) {
            try {
                forwards.add(ForwardSpec.parse(s));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (sessionCount < 1 || sessionCount > 64) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sessions must be within 1..64");
        }
        try (SessionContext context = SessionContext.open(aws, warden.logging(), warden.stdio())) {
            String instance = context.resolveTarget(target);
            List<PortSession> sessions = new CopyOnWriteArrayList<>();
            context.stopOnSignal(sessions);
            List<SharedListener> shared = new ArrayList<>();
            try {
                for (ForwardSpec forward : forwards) {
                    StartSessionRequest request = request(instance, forward);
                    InetSocketAddress local;
                    if (sessionCount == 1) {
                        PortSession session = SessionContext.await(context.client.startPortSession(request,
                                LocalPort.listen(forward.bind(), forward.localPort()), context.listener()), request);
                        sessions.add(session);
                        local = session.localAddress().orElseThrow();
                        context.status.info("session " + session.sessionId() + " (" + session.mode() + ")");
                    } else {
                        List<PortSession> group = new ArrayList<>();
                        for (int i = 0; i < sessionCount; i++) {
                            PortSession session = SessionContext.await(context.client.startPortSession(request,
                                    LocalPort.none(), context.listener()), request);
                            group.add(session);
                            sessions.add(session);
                            context.status.info("session " + session.sessionId() + " (" + session.mode() + ")");
                        }
                        SharedListener listener = SharedListener.open(forward.bind(), forward.localPort(), group);
                        shared.add(listener);
                        local = listener.address();
                    }
                    context.status.notice("Forwarding " + ForwardSpec.hostPort(local.getAddress().getHostAddress(),
                            local.getPort()) + " -> " + forward.describeRemote(instance)
                            + (sessionCount > 1 ? " over " + sessionCount + " sessions" : ""));
                }
            } catch (CommandFailure e) {
                shared.forEach(SharedListener::close);
                sessions.forEach(SessionWatch::closeQuietly);
                throw e;
            }
            try {
                // The first session to end decides the exit code; the others are closed with it.
                return new SessionWatch(context, warnBefore).awaitEnd(sessions, true);
            } finally {
                shared.forEach(SharedListener::close);
            }
        }
    }
    private static StartSessionRequest request(String instance, ForwardSpec forward) {
        StartSessionRequest.Builder request = StartSessionRequest.builder().target(instance);
        if (forward.remoteHost().isPresent()) {
            return request.documentName("AWS-StartPortForwardingSessionToRemoteHost")
                    .parameters(Map.of("host", List.of(forward.remoteHost().get()),
                            "portNumber", List.of(String.valueOf(forward.remotePort())),
                            "localPortNumber", List.of(String.valueOf(forward.localPort()))))
                    .build();
        }
        return request.documentName("AWS-StartPortForwardingSession")
                .parameters(Map.of("portNumber", List.of(String.valueOf(forward.remotePort())),
                        "localPortNumber", List.of(String.valueOf(forward.localPort()))))
                .build();
    }
}
