package dev.warden.cli.govern;

import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.StoreException;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.TrailExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden govern export}: the audit trail as JSON lines. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Writes every audit record as one JSON object per line, in chain order, with its hashes (the "
                + "payload verbatim, so each hash can be recomputed from the export).",
        footer = {"", "Exit codes: 0 written, 1 the store cannot be read or the file written, 2 invalid usage."})
public final class ExportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOption store;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    private Path output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try (GovernanceStore db = GovernanceStore.open(store.location())) {
            AuditTrail trail = new AuditTrail(db, Clock.systemUTC());
            if (output == null) {
                TrailExport.write(trail, spec.commandLine().getOut());
            } else {
                try (Writer file = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                    long n = TrailExport.write(trail, file);
                    err.printf("%d record(s) written to %s%n", n, output);
                }
            }
            return 0;
        } catch (StoreException | UncheckedIOException e) {
            err.println("warden govern export: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("warden govern export: cannot write " + output + ": " + e.getMessage());
            return 1;
        } finally {
            err.flush();
        }
    }
}
