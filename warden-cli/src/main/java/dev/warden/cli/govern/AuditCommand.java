package dev.warden.cli.govern;

import dev.warden.governance.policy.Policy;
import dev.warden.governance.prefs.DocumentAudit;
import dev.warden.governance.prefs.PreferenceFinding;
import dev.warden.governance.prefs.PreferenceReport;
import dev.warden.governance.prefs.TierDocument;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden govern audit}: the session preferences against the strictest tier. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Compares SSM-SessionManagerRunShell (default and latest versions) and every custom "
                + "Standard_Stream Session document of each account and region with the strictest tier: "
                + "idleSessionTimeout, maxSessionDuration, S3 and CloudWatch logging and their encryption, the KMS "
                + "key and runAs. Prints each finding with its evidence; --remediate writes the fixes as a new "
                + "version and makes it the default. Findings and changes (before and after) are recorded.",
        footer = {"", "Exit codes: 0 no findings (or all remediated), 1 findings remain, an account/region could not "
                + "be read or a remediation failed, or the policy/store is unusable, 2 invalid usage."})
public final class AuditCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions engine;

    @Option(names = "--remediate", description = "Update the documents and their default versions (not in dry run).")
    private boolean remediate;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return EngineOptions.reportingFailures("audit", err, () -> {
            Policy policy = engine.policy();
            List<PreferenceReport> reports;
            try (EngineOptions.Engine e = engine.open()) {
                reports = e.governance().auditPreferences(policy, remediate);
            }
            boolean clean = true;
            for (PreferenceReport report : reports) {
                if (report.error().isPresent()) {
                    err.println("warden govern audit: " + report.error().get());
                    clean = false;
                    continue;
                }
                for (DocumentAudit a : report.documents()) {
                    for (PreferenceFinding f : a.findings()) {
                        out.printf("%s %s v%s %s: expected %s, found %s%n", report.pair(), f.document(), f.version(),
                                f.field(), f.expected(), f.actual());
                        boolean fixed = a.remediation().map(r -> r.error().isEmpty()).orElse(false) && f.remediable();
                        clean &= fixed;
                    }
                    a.remediation().ifPresent(r -> {
                        if (r.error().isPresent()) {
                            err.println("warden govern audit: " + r.error().get());
                        } else {
                            out.printf("%s %s remediated: version %s is the new default (was %s)%n", report.pair(),
                                    a.document(), r.toVersion().orElse("?"), r.fromVersion());
                        }
                    });
                }
            }
            boolean tierDocumentsReady = true;
            for (PreferenceReport report : reports) {
                for (TierDocument t : report.tierDocuments()) {
                    out.printf("%s %s (tier %s): %s%n", report.pair(), t.document(), t.tier(), describe(t.state()));
                    t.error().ifPresent(e -> err.println("warden govern audit: " + e));
                    tierDocumentsReady &= t.state() != TierDocument.State.MISSING
                            && t.state() != TierDocument.State.DIFFERENT && t.state() != TierDocument.State.FAILED;
                }
            }
            clean &= tierDocumentsReady;
            if (reports.stream().anyMatch(r -> !r.tierDocuments().isEmpty())) {
                out.println();
                out.println("For the operator: IAM statements that let users start sessions only with their targets'"
                        + " tier document (attach them instead of a plain ssm:StartSession allow):");
                for (PreferenceReport report : reports) {
                    for (TierDocument t : report.tierDocuments()) {
                        out.println(t.iamStatement());
                    }
                }
            }
            out.println(clean ? "preferences enforce the policy" : "findings remain");
            out.flush();
            err.flush();
            return clean ? 0 : 1;
        });
    }

    private static String describe(TierDocument.State state) {
        return switch (state) {
            case UP_TO_DATE -> "holds the tier's limits";
            case MISSING -> "missing (--remediate creates it)";
            case DIFFERENT -> "holds other limits (--remediate updates it)";
            case CREATED -> "created";
            case UPDATED -> "updated: a new default version holds the tier's limits";
            case FAILED -> "could not be checked";
        };
    }
}
