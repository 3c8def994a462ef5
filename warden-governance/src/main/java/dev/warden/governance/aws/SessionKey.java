package dev.warden.governance.aws;

/** A session where it lives: session ids are unique per account × region only. */
public record SessionKey(String accountId, String region, String sessionId) {

    public AccountRegion pair() {
        return new AccountRegion(accountId, region);
    }

    @Override
    public String toString() {
        return accountId + "/" + region + "/" + sessionId;
    }
}
