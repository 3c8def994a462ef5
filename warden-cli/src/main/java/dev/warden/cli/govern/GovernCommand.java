package dev.warden.cli.govern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code warden govern}: the governance engine's commands. On its own it prints usage. */
@Command(
        name = "govern",
        mixinStandardHelpOptions = true,
        subcommands = {ValidateCommand.class, ReviewCommand.class, EnforceCommand.class, TerminateCommand.class,
                ServeCommand.class,
                AuditCommand.class, ReportCommand.class, WatchCommand.class,
                VerifyCommand.class, ExportCommand.class},
        description = "Tiered session policy: validate a policy, review and enforce sessions, check and export the "
                + "audit trail. See docs/governance.md.",
        footer = {
                "",
                "Exit codes: 0 success, 1 failure (an invalid policy, a broken audit chain, an AWS error), 2 invalid "
                        + "usage."
        })
public final class GovernCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
