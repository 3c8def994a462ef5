package dev.warden.sandbox.sts;

import dev.warden.sandbox.auth.CredentialStore;
import dev.warden.sandbox.auth.Principal;
import dev.warden.sandbox.auth.StoredCredentials;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Mints temporary credentials (an {@code ASIA…} key, a secret, a session token and an expiry) and registers
 * them in the credential store, so that requests signed with them verify until they expire and then get
 * {@code ExpiredTokenException}.
 */
final class TemporaryCredentialsIssuer {

    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final CredentialStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    TemporaryCredentialsIssuer(CredentialStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    StoredCredentials issue(Principal principal, Duration lifetime) {
        StoredCredentials credentials;
        do {
            byte[] token = new byte[192];
            random.nextBytes(token);
            credentials = new StoredCredentials("ASIA" + randomText(KEY_ALPHABET, 16), randomText(SECRET_ALPHABET, 40),
                    Base64.getEncoder().encodeToString(token),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS).plus(lifetime), principal);
        } while (store.find(credentials.accessKeyId()).isPresent());
        store.register(credentials);
        return credentials;
    }

    private String randomText(String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
