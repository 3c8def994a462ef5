package dev.warden.governance.lease;

import dev.warden.governance.aws.AccountRegion;

/** The keys under which side effects are claimed: one key, one effect, done once. */
public final class EffectKeys {

    private EffectKeys() {
    }

    /** The warning ahead of a session's limit. */
    public static String warning(AccountRegion pair, String sessionId) {
        return "warning:" + pair.accountId() + ":" + pair.region() + ":" + sessionId;
    }

    /** The termination of a session at its limit. */
    public static String termination(AccountRegion pair, String sessionId) {
        return "terminate:" + pair.accountId() + ":" + pair.region() + ":" + sessionId;
    }
}
