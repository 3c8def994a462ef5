package dev.warden.cli;

import dev.warden.cli.govern.GovernCommand;
import dev.warden.cli.sandbox.SandboxCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code warden} command. Subcommands arrive with the modules that implement them
 * (the sandbox, the client, governance); on its own it prints usage.
 */
@Command(
        name = "warden",
        mixinStandardHelpOptions = true,
        versionProvider = WardenVersion.class,
        subcommands = {SandboxCommand.class, GovernCommand.class},
        description = "Session Manager sessions that end when policy says: never earlier because credentials "
                + "expired, never later because nobody looked.",
        footer = {
                "",
                "Exit codes: 0 success, 1 failure at run time, 2 invalid usage."
        })
public final class WardenCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
