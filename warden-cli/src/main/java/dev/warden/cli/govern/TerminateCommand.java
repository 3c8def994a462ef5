package dev.warden.cli.govern;

import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.policy.AccountScope;
import dev.warden.governance.policy.Policy;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code warden govern terminate SESSION --reason …}: the manual path, recorded like any action. */
@Command(
        name = "terminate",
        mixinStandardHelpOptions = true,
        description = "Terminates one session now, with your reason, and records it in the audit trail. The account "
                + "and region default to the policy's when it names only one.",
        footer = {"", "Exit codes: 0 terminated (confirmed in the session history), 1 the termination failed or "
                + "could not be confirmed, or the policy/store is unusable, 2 invalid usage."})
public final class TerminateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions engine;

    @Parameters(paramLabel = "SESSION", description = "The session id.")
    private String sessionId;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; recorded with the action.")
    private String reason;

    @Option(names = "--account", paramLabel = "ID", description = "The account (one of the policy's).")
    private String accountId;

    @Option(names = "--region", paramLabel = "REGION", description = "The region (one of the policy's).")
    private String region;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return EngineOptions.reportingFailures("terminate", err, () -> {
            Policy policy = engine.policy();
            AccountScope account = account(policy.scope().accounts());
            String where = region(policy.scope().regions());
            TerminationOutcome outcome;
            try (EngineOptions.Engine e = engine.open()) {
                outcome = e.governance().terminate(policy, account, where, sessionId, reason);
            }
            out.printf("%s %s (%s/%s): %s%n", outcome.status(), sessionId, account.accountId(), where, reason);
            outcome.error().ifPresent(x -> err.println("warden govern terminate: " + x));
            out.flush();
            err.flush();
            return outcome.status() == TerminationOutcome.Status.TERMINATED
                    || outcome.status() == TerminationOutcome.Status.DRY_RUN ? 0 : 1;
        });
    }

    private AccountScope account(List<AccountScope> accounts) {
        if (accountId == null) {
            if (accounts.size() != 1) {
                throw new ParameterException(spec.commandLine(), "the policy names " + accounts.size()
                        + " accounts: choose one with --account");
            }
            return accounts.get(0);
        }
        return accounts.stream().filter(a -> a.accountId().equals(accountId)).findFirst()
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "--account " + accountId
                        + " is not in the policy's scope"));
    }

    private String region(List<String> regions) {
        if (region == null) {
            if (regions.size() != 1) {
                throw new ParameterException(spec.commandLine(), "the policy names " + regions.size()
                        + " regions: choose one with --region");
            }
            return regions.get(0);
        }
        if (!regions.contains(region)) {
            throw new ParameterException(spec.commandLine(), "--region " + region + " is not in the policy's scope");
        }
        return region;
    }
}
