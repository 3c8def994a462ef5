package dev.warden.governance;

import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.judge.SessionVerdict;
import java.util.List;
import java.util.Optional;

/**
 * One account × region of a pass: its verdicts and what was done, or why it could not be read.
 */
public record PairReport(AccountRegion pair, Optional<String> error, List<SessionVerdict> verdicts,
                         List<TerminationOutcome> terminations) {

    public PairReport {
        verdicts = List.copyOf(verdicts);
        terminations = List.copyOf(terminations);
    }

    static PairReport failed(AccountRegion pair, String error) {
        return new PairReport(pair, Optional.of(error), List.of(), List.of());
    }
}
