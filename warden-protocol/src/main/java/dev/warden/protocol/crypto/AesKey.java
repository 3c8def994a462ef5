package dev.warden.protocol.crypto;

import javax.crypto.SecretKey;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.Arrays;

/**
 * A 32-byte AES key whose bytes can be wiped. {@code SecretKeySpec} cannot be destroyed, so every copy
 * of a session key made through it would linger in memory until collected; this key hands the provider a
 * temporary copy per operation and zeroes its own array on {@link #destroy()}.
 */
final class AesKey implements SecretKey {

    static final int LENGTH = 32;

    private static final long serialVersionUID = 1L;

    private final byte[] bytes;
    private volatile boolean destroyed;

    /** Copies {@link #LENGTH} bytes of {@code source} from {@code offset}. */
    AesKey(byte[] source, int offset) {
        this.bytes = Arrays.copyOfRange(source, offset, offset + LENGTH);
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
        if (destroyed) {
            throw new IllegalStateException("the key has been destroyed");
        }
        return bytes.clone();
    }

    @Override
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
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
