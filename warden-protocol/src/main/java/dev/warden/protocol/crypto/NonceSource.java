package dev.warden.protocol.crypto;

import java.security.SecureRandom;

/**
 * Supplies the 12-byte AES-GCM nonce of each encrypted message. GCM is only secure while no nonce repeats
 * under one key, so an implementation must never return the same nonce twice for the cipher it serves.
 *
 * <p>Any unique nonce interoperates: the receiver reads it from the front of the payload. The official client
 * draws a random nonce per message ({@link #random()}); the agent counts ({@link #randomCounter()}).
 * Tests inject fixed nonces to reproduce the shared vectors.
 */
@FunctionalInterface
public interface NonceSource {

    /** Length of an AES-GCM nonce on the wire. */
    int NONCE_LENGTH = 12;

    /** The nonce for the next message: a new array of {@link #NONCE_LENGTH} bytes. */
    byte[] next();

    /** A fresh random nonce per message from a new {@link SecureRandom}, as the official client does. */
    static NonceSource random() {
        return random(new SecureRandom());
    }

    /** A fresh random nonce per message from {@code random}. */
    static NonceSource random(SecureRandom random) {
        return new RandomNonceSource(random);
    }

    /**
     * A 96-bit little-endian counter that starts at {@code initial} and adds one per message, as the agent's
     * {@code NonceGenerator} does. Unlike random nonces it cannot collide before 2^96 messages.
     */
    static NonceSource counterStartingAt(byte[] initial) {
        return new CounterNonceSource(initial);
    }

    /** A counter with a random starting point, the agent's default. */
    static NonceSource randomCounter() {
        byte[] initial = new byte[NONCE_LENGTH];
        new SecureRandom().nextBytes(initial);
        return new CounterNonceSource(initial);
    }
}
