package dev.warden.cli.govern;

import dev.warden.governance.PairReport;
import dev.warden.governance.PassReport;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.policy.Policy;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden govern enforce}: one enforcement pass. */
@Command(
        name = "enforce",
        mixinStandardHelpOptions = true,
        description = "Reviews every account and region of the policy, then terminates each session over its tier's "
                + "maximum that no active exemption covers (TerminateSession, confirmed in the session history). "
                + "Every action, its reason, the time from the limit crossing to the confirmed end, and every "
                + "exemption use are recorded. In dry run, nothing is terminated and what would have been is "
                + "recorded.",
        footer = {"", "Exit codes: 0 the pass is complete, 1 an account/region could not be read or a termination "
                + "failed (each is named; the rest is still done), or the policy/store is unusable, 2 invalid usage."})
public final class EnforceCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions engine;

    @Option(names = "--dry-run", description = "Terminate nothing, whatever the policy's dryRun says.")
    private boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return EngineOptions.reportingFailures("enforce", err, () -> {
            Policy policy = engine.policy();
            if (dryRun) {
                policy = policy.withDryRun(true);
            }
            PassReport report;
            try (EngineOptions.Engine e = engine.open()) {
                report = e.governance().enforce(policy);
            }
            int terminated = 0;
            for (PairReport pair : report.pairs()) {
                Map<String, SessionVerdict> verdicts = pair.verdicts().stream()
                        .collect(Collectors.toMap(v -> v.session().sessionId(), Function.identity()));
                for (TerminationOutcome t : pair.terminations()) {
                    SessionVerdict v = verdicts.get(t.sessionId());
                    out.printf("%s %s %s on %s: %s%s%n", pair.pair(), t.status(), t.sessionId(), v.session().target(),
                            v.terminate().orElse(""), t.timeToTerminate()
                                    .map(d -> " (ended " + Durations.format(d) + " after its limit)").orElse(""));
                    if (t.status() == TerminationOutcome.Status.TERMINATED) {
                        terminated++;
                    }
                }
                pair.verdicts().forEach(v -> v.protectedBy().ifPresent(e -> out.printf(
                        "%s EXEMPT %s on %s: over the maximum of tier %s, %s%n", pair.pair(), v.session().sessionId(),
                        v.session().target(), v.tier().name(), e.describe())));
            }
            out.printf("%d session(s) terminated%s%n", terminated, policy.dryRun() ? " (dry run)" : "");
            out.flush();
            return PassErrors.print(report, err, "enforce");
        });
    }
}
