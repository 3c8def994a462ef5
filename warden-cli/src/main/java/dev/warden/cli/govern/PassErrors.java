package dev.warden.cli.govern;

import dev.warden.governance.PairReport;
import dev.warden.governance.PassReport;
import java.io.PrintWriter;

/** The parts of a pass that failed, on standard error, and the exit code they mean. */
final class PassErrors {

    private PassErrors() {
    }

    /** Prints each failed account/region and failed termination; returns 0 when there was none, else 1. */
    static int print(PassReport report, PrintWriter err, String command) {
        for (PairReport pair : report.pairs()) {
            pair.error().ifPresent(e -> err.println("warden govern " + command + ": " + e));
            pair.terminations().forEach(t -> t.error().ifPresent(e ->
                    err.println("warden govern " + command + ": session " + t.sessionId() + ": " + e)));
        }
        err.flush();
        return report.complete() ? 0 : 1;
    }
}
