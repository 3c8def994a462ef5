package dev.warden.cli;

import dev.warden.cli.govern.GovernCommand;
import dev.warden.cli.plugin.InstallPluginCommand;
import dev.warden.cli.resident.ResidentCommand;
import dev.warden.cli.sandbox.SandboxCommand;
import dev.warden.cli.shell.ShellCommand;
import dev.warden.cli.tunnel.ForwardCommand;
import dev.warden.cli.tunnel.SshConfigCommand;
import dev.warden.cli.tunnel.SshProxyCommand;
import dev.warden.cli.tunnel.StartSessionCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.List;

/**
 * The top-level {@code warden} command. Subcommands arrive with the modules that implement them
 * (the sandbox, the client, governance); on its own it prints usage. {@link Main} adds them.
 */
@Command(
        name = "warden",
        mixinStandardHelpOptions = true,
        versionProvider = WardenVersion.class,
        description = "Session Manager sessions that end when policy says: never earlier because credentials "
                + "expired, never later because nobody looked.",
        footer = {
                "",
                "Exit codes: 0 success, 1 failure at run time, 2 invalid usage, 4 credentials expired or unusable, "
                        + "5 the service ended the session (see docs/client.md)."
        })
public final class WardenCommand implements Runnable {

    /** The subcommands, in the order the usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(SandboxCommand.class, SshProxyCommand.class,
            SshConfigCommand.class, ForwardCommand.class, StartSessionCommand.class, ShellCommand.class,
            InstallPluginCommand.class, GovernCommand.class, ResidentCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private LoggingOptions logging;

    private final Stdio stdio;

    /** The command on the process's own streams. */
    public WardenCommand() {
        this(Stdio.ofProcess());
    }

    /** The command on {@code stdio}: a launcher's, when the resident process runs it. */
    public WardenCommand(Stdio stdio) {
        this.stdio = stdio;
    }

    /** The global --quiet, --verbose and --log-file, whichever command line position they were given at. */
    public LoggingOptions logging() {
        return logging;
    }

    /** Where the command's standard streams are, and how it learns it must stop. */
    public Stdio stdio() {
        return stdio;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
