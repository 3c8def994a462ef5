package dev.warden.cli.govern;

import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.StoreException;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.ChainReport;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code warden govern verify}: checks the audit chain and names the first broken record. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Checks every record of the audit trail against the hash chain. Prints the number of records "
                + "and the head hash (note it elsewhere: a removed tail is only visible against it), or the first "
                + "record that breaks the chain and why.",
        footer = {"", "Exit codes: 0 the chain is intact, 1 it is broken (or the store cannot be read), 2 invalid "
                + "usage."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOption store;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (GovernanceStore db = GovernanceStore.open(store.location())) {
            ChainReport report = new AuditTrail(db, Clock.systemUTC()).verify();
            if (report.intact()) {
                out.printf("audit chain intact: %d record(s), head %s%n", report.records(), report.headHash());
                out.flush();
                return 0;
            }
            ChainReport.Break b = report.firstBreak().orElseThrow();
            err.printf("audit chain broken at record %d: %s%n", b.seq(), b.reason());
            err.printf("%d record(s) read; the last intact record before it has hash %s%n", report.records(),
                    report.headHash());
            err.flush();
            return 1;
        } catch (StoreException e) {
            err.println("warden govern verify: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
