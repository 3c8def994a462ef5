package dev.warden.sandbox.auth;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access keys the sandbox knows, by access key id. Thread-safe: STS registers temporary keys while
 * the verifier looks keys up on other threads.
 *
 * <p>Expired temporary keys are kept (not purged) on purpose: a request signed with them must be
 * answered with {@code ExpiredTokenException}, not {@code UnrecognizedClientException}, as AWS does.
 */
public final class CredentialStore {

    private final Map<String, StoredCredentials> byAccessKeyId = new ConcurrentHashMap<>();

    /** Adds or replaces the credentials under their access key id. */
    public void register(StoredCredentials credentials) {
        byAccessKeyId.put(credentials.accessKeyId(), credentials);
    }

    public void registerAll(Collection<StoredCredentials> credentials) {
        credentials.forEach(this::register);
    }

    public Optional<StoredCredentials> find(String accessKeyId) {
        if (accessKeyId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byAccessKeyId.get(accessKeyId));
    }

    /** Removes a key, e.g. to simulate a revoked user; later requests get UnrecognizedClientException. */
    public boolean revoke(String accessKeyId) {
        return byAccessKeyId.remove(accessKeyId) != null;
    }

    public List<StoredCredentials> all() {
        return List.copyOf(byAccessKeyId.values());
    }
}
