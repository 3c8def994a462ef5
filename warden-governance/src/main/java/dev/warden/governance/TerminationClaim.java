package dev.warden.governance;

import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.judge.SessionVerdict;

/**
 * Decides whether an enforcement pass may terminate a violator, so that a session is terminated by one path only
 * when several can reach it (a pass and a watch timer, later several replicas).
 */
@FunctionalInterface
public interface TerminationClaim {

    /** Every violator: a pass that is the only path to termination. */
    TerminationClaim ALWAYS = (pair, verdict) -> true;

    /** True when the caller may terminate {@code verdict}'s session now; false leaves it to whoever holds it. */
    boolean claim(AccountRegion pair, SessionVerdict verdict);
}
