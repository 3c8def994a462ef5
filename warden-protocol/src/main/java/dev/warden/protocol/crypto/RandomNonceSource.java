package dev.warden.protocol.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/** A random nonce per message. */
final class RandomNonceSource implements NonceSource {

    private final SecureRandom random;

    RandomNonceSource(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public byte[] next() {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }

    @Override
    public String toString() {
        return "RandomNonceSource";
    }
}
