package dev.warden.governance.policy;

import java.util.Optional;

/**
 * One account the policy governs.
 *
 * @param accountId  12 digits
 * @param roleArn    the role Warden assumes in it; empty means the caller's own credentials are used
 *                   (the account Warden runs in)
 * @param externalId the external id the role's trust policy demands, if any
 */
public record AccountScope(String accountId, Optional<String> roleArn, Optional<String> externalId) {

    @Override
    public String toString() {
        // The external id is a shared secret of the trust policy: never in logs.
        return "AccountScope[" + accountId + roleArn.map(r -> ", " + r).orElse("") + "]";
    }
}
