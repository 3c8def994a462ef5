package dev.warden.sandbox.fleet;

import java.util.Objects;

/**
 * An account and a region: the unit AWS keeps Session Manager state in. Instances, documents (and with them the
 * session preferences) and sessions of one account and region are invisible from any other; a caller sees those
 * of its credentials' account in the region its signature names.
 */
public record AccountRegion(String accountId, String region) {

    public AccountRegion {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
    }

    @Override
    public String toString() {
        return accountId + "/" + region;
    }
}
