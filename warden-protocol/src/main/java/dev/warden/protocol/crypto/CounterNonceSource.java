package dev.warden.protocol.crypto;

import java.util.Objects;

/**
 * A 96-bit counter serialised little-endian. The agent keeps three 32-bit words, writes them little-endian
 * and increments the first with carry into the next; that is exactly a little-endian increment of the 12
 * bytes, which is what this class does. The nonce returned is the state <em>before</em> the increment.
 */
final class CounterNonceSource implements NonceSource {

    private final byte[] state;

    CounterNonceSource(byte[] initial) {
        Objects.requireNonNull(initial, "initial");
        if (initial.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("a nonce counter needs " + NONCE_LENGTH + " bytes, got " + initial.length);
        }
        this.state = initial.clone();
    }

    /**
     * Synchronised although the protocol library is single-threaded by design: a race here would hand two
     * messages the same nonce, which breaks GCM outright, so the lock is cheap insurance.
     */
    @Override
    public synchronized byte[] next() {
        byte[] nonce = state.clone();
        for (int i = 0; i < NONCE_LENGTH; i++) {
            state[i]++;
            if (state[i] != 0) {
                break;
            }
        }
        return nonce;
    }

    @Override
    public String toString() {
        return "CounterNonceSource";
    }
}
