package dev.warden.governance.lease;

import dev.warden.governance.aws.AccountRegion;
import java.util.Optional;

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
        return terminationPrefix(pair) + sessionId;
    }

    /** The session whose termination in {@code pair} {@code key} names, if it names one. */
    public static Optional<String> terminatedSession(AccountRegion pair, String key) {
        String prefix = terminationPrefix(pair);
        return key.startsWith(prefix) && key.length() > prefix.length()
                ? Optional.of(key.substring(prefix.length())) : Optional.empty();
    }

    private static String terminationPrefix(AccountRegion pair) {
        return "terminate:" + pair.accountId() + ":" + pair.region() + ":";
    }
}
