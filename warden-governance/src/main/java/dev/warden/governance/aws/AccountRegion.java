package dev.warden.governance.aws;

/** One account in one region: the unit a pass observes, judges and acts on. */
public record AccountRegion(String accountId, String region) {

    @Override
    public String toString() {
        return accountId + "/" + region;
    }
}
