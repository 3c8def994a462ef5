package dev.warden.governance;

import dev.warden.governance.aws.TerminationOutcome;
import java.util.List;

/** A whole pass: one report per account × region, in scope order. */
public record PassReport(List<PairReport> pairs) {

    public PassReport {
        pairs = List.copyOf(pairs);
    }

    /** True when every pair was read and no termination failed. */
    public boolean complete() {
        return pairs.stream().allMatch(p -> p.error().isEmpty() && p.terminations().stream()
                .noneMatch(t -> t.status() == TerminationOutcome.Status.FAILED
                        || t.status() == TerminationOutcome.Status.UNCONFIRMED));
    }
}
