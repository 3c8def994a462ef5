package dev.warden.sandbox.agent.shell;

import dev.warden.sandbox.agent.AgentSessionSpec;
import dev.warden.sandbox.agent.CommandProperties;
import dev.warden.sandbox.shell.CommandProcess;
import dev.warden.sandbox.shell.CommandSpec;
import dev.warden.sandbox.shell.ProcessSettings;
import dev.warden.sandbox.shell.ProcessStartException;
import dev.warden.sandbox.shell.PtyShell;
import dev.warden.sandbox.shell.PtyShellSpec;
import dev.warden.sandbox.shell.SessionLogWriter;
import dev.warden.sandbox.shell.SessionProcess;
import dev.warden.sandbox.shell.SessionProcessListener;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Turns a shell session as the agent was told about it into a running process: which program, as whom, with
 * which shell profile, output size and session log (agent-side.md §5.1, §5.2, §5.6).
 *
 * <p>Every process starts with its output paused: the plugin resumes it once it holds the process (and, for a
 * pty, after the agent's wait before the first read), so no output can arrive before the plugin could pause
 * it again for back-pressure.
 */
final class ShellLauncher {

    private final AgentSessionSpec spec;
    private final ShellSessionType type;
    private final CommandProperties properties;

    ShellLauncher(AgentSessionSpec spec, ShellSessionType type) {
        this.spec = spec;
        this.type = type;
        this.properties = CommandProperties.of(spec.document().properties());
    }

    /**
     * Whether the session ends with an ExitCode message. The agent sends one only for NonInteractiveCommands with
     * separate output streams; every other shell session just ends (agent-side.md §5.5).
     */
    boolean reportsExitCode() {
        return type == ShellSessionType.NON_INTERACTIVE_COMMANDS && properties.separateOutputStream();
    }

    /**
     * Why the agent would refuse the document before starting anything, in its words (it sets them as the
     * plugin's output, without the error header), or empty.
     */
    Optional<String> validationProblem() {
        try {
            settings(null);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Starts the process. Blocks briefly (user lookup, fork): call it off the event loop. */
    SessionProcess start(SessionProcessListener listener, Executor executor) throws ProcessStartException {
        SessionLogWriter log = SessionLogs.writerFor(spec).orElse(null);
        ProcessSettings settings = settings(log);
        if (settings instanceof PtyShellSpec pty) {
            return PtyShell.start(pty, listener, executor);
        }
        return CommandProcess.start((CommandSpec) settings, listener, executor);
    }

    private ProcessSettings settings(SessionLogWriter log) {
        return switch (type) {
            case STANDARD_STREAM -> common(withProfile(PtyShellSpec.standardStream()), log).build();
            case INTERACTIVE_COMMANDS -> common(PtyShellSpec.interactiveCommands(properties.commands()), log).build();
            case NON_INTERACTIVE_COMMANDS -> common(commandBuilder(), log).build();
        };
    }

    private CommandSpec.Builder commandBuilder() {
        CommandSpec.Builder builder = CommandSpec.nonInteractiveCommands(properties.commands());
        if (properties.separateOutputStream()) {
            builder.separateOutput(properties.stdOutSeparatorPrefix(), properties.stdErrSeparatorPrefix());
        }
        return builder;
    }

    /** The shell profile is the preferences' {@code shellProfile.linux}; the agent runs it for Standard_Stream only. */
    private PtyShellSpec.Builder withProfile(PtyShellSpec.Builder builder) {
        String profile = spec.document().inputs().path("shellProfile").path("linux").asText("");
        return profile.isBlank() ? builder : builder.shellProfile(profile);
    }

    private <B extends ProcessSettings.Builder<B>> B common(B builder, SessionLogWriter log) {
        builder.payloadSize(spec.settings().payloadSize()).startPaused(true);
        // runAsElevated keeps the agent's own (root) identity; the sandbox's own user stands in for it.
        boolean elevated = type != ShellSessionType.STANDARD_STREAM && properties.runAsElevated();
        String runAsUser = spec.preferences().runAsUser();
        if (!runAsUser.isEmpty() && !elevated) {
            builder.runAsUser(runAsUser);
        }
        if (log != null) {
            builder.sessionLog(log);
        }
        return builder;
    }
}
