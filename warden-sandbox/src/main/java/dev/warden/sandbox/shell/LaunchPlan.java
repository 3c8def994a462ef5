package dev.warden.sandbox.shell;

import dev.warden.sandbox.shell.ProcessStartException.Stage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything needed to start a session process, worked out and checked before anything is started: the
 * full command (with the default-signals and RunAs prefixes), the environment and the working directory.
 */
record LaunchPlan(List<String> command, Map<String, String> environment, Path workingDirectory) {

    LaunchPlan {
        command = List.copyOf(command);
    }

    /**
     * Resolves RunAs and the environment for {@code program}; RunAs problems are thrown as the agent reports
     * them ({@link Stage#PREPARING}). Problems with the program or directory are left to
     * {@link #launchProblem()}, because the two process kinds report them differently.
     */
    static LaunchPlan prepare(ProcessSettings settings, List<String> program, RunAs runAs)
            throws ProcessStartException {
        Map<String, String> environment = settings.effectiveEnvironment();
        Path directory = settings.workingDirectory();
        List<String> command = new ArrayList<>(DefaultSignals.commandPrefix());
        if (settings.runAsUser() != null) {
            RunAsAccount account = runAs.resolve(settings.runAsUser());
            command.addAll(RunAs.commandPrefix(account, environment.get("PATH"), directory));
        }
        command.addAll(program);
        return new LaunchPlan(command, environment, directory);
    }

    /**
     * Go's text for why the program (not the RunAs helper) cannot be started, or empty. Like Go's
     * {@code exec.Cmd.Start}, the program is checked before the directory.
     */
    Optional<String> launchProblem(String program) {
        Optional<String> programProblem =
                ExecutableCheck.programProblem(program, environment.get("PATH"), workingDirectory);
        return programProblem.isPresent() ? programProblem : ExecutableCheck.directoryProblem(workingDirectory);
    }
}
