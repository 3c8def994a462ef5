package dev.warden.protocol.crypto;

import javax.crypto.SecretKey;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;

/**
 * A 32-byte AES key whose bytes can be wiped. {@code SecretKeySpec} cannot be destroyed, so every copy
 * of a session key made through it would linger in memory until collected; this key hands the provider a
 * temporary copy per operation and zeroes its own array on {@link #destroy()}.
 */
final class AesKey implements SecretKey {

    static final int LENGTH = 32;

    private static final long serialVersionUID = 1L;

    private final KeyMaterial material;

    /** Copies {@link #LENGTH} bytes of {@code source} from {@code offset}; fails if the source is destroyed. */
    AesKey(KeyMaterial source, int offset) {
        this.material = source.slice(offset, LENGTH, "the key");
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        return material.copy();
    }

    @Override
    public void destroy() {
        material.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return material.isDestroyed();
    }

    @Override
    public String toString() {
        return "AesKey[redacted]";
    }

    /** Session keys never leave the process, not even through serialisation. */
    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("session keys are not serialisable");
    }
}
