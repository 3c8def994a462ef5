package dev.warden.cli.govern;

import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyException;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.policy.PolicyProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code warden govern validate FILE}: every problem of a policy file, each with file, line and key. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Checks a policy file and reports every problem as FILE:LINE:COLUMN: KEY: MESSAGE.",
        footer = {"", "Exit codes: 0 the policy is valid, 1 it has problems (or cannot be read), 2 invalid usage."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The policy file (YAML).")
    private Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Policy policy = PolicyLoader.load(file);
            out.printf("%s: valid: %d tier(s) and the default tier '%s', %d account(s) x %d region(s), "
                            + "%d exemption(s)%s%n", file, policy.tiers().size(), policy.defaultTier().name(),
                    policy.scope().accounts().size(), policy.scope().regions().size(), policy.exemptions().size(),
                    policy.dryRun() ? ", dry run" : "");
            out.flush();
            return 0;
        } catch (PolicyException e) {
            e.problems().stream().map(PolicyProblem::toString).forEach(err::println);
            err.printf("%s: %d problem(s)%n", file, e.problems().size());
            err.flush();
            return 1;
        }
    }
}
