package dev.warden.governance.lease;

import dev.warden.governance.aws.AccountRegion;

/** The names of the units replicas lease. */
public final class LeaseUnits {

    /** The prefix of the unit each live replica holds for itself, so that the others can count it. */
    static final String REPLICA_PREFIX = "replica:";

    private LeaseUnits() {
    }

    /** An account × region: its passes, its events and the timers of its sessions. */
    public static String pair(AccountRegion pair) {
        return "pair:" + pair.accountId() + ":" + pair.region();
    }

    /** A replica's own presence. */
    static String replica(String holder) {
        return REPLICA_PREFIX + holder;
    }
}
