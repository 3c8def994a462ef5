package dev.warden.governance.trail;

/**
 * What a record is about, as columns the store can query: any of them may be null.
 */
public record Subject(String accountId, String region, String sessionId, String target) {

    public static final Subject NONE = new Subject(null, null, null, null);

    public static Subject of(String accountId, String region) {
        return new Subject(accountId, region, null, null);
    }

    public static Subject session(String accountId, String region, String sessionId, String target) {
        return new Subject(accountId, region, sessionId, target);
    }
}
