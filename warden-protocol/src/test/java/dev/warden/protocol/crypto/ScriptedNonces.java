package dev.warden.protocol.crypto;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/** A nonce source that hands out the given nonces in order, so that tests reproduce recorded ciphertexts. */
final class ScriptedNonces implements NonceSource {

    private final Deque<byte[]> nonces = new ArrayDeque<>();

    private ScriptedNonces() {
    }

    static ScriptedNonces ofHex(String... hexNonces) {
        ScriptedNonces source = new ScriptedNonces();
        for (String hex : hexNonces) {
            source.nonces.add(HexFormat.of().parseHex(hex));
        }
        return source;
    }

    @Override
    public byte[] next() {
        byte[] nonce = nonces.poll();
        if (nonce == null) {
            throw new IllegalStateException("the test supplied no further nonce");
        }
        return nonce;
    }
}
