package dev.warden.protocol.crypto;

import javax.security.auth.Destroyable;
import java.util.Arrays;

/**
 * Secret bytes held by exactly one owner: handed out only as copies, zeroed by {@link #destroy()}, and refused
 * after that. Both the session data key and each AES key it is split into keep their bytes here, so that wiping
 * works the same way everywhere.
 */
final class KeyMaterial implements Destroyable {

    private final byte[] bytes;
    /** Names the owner in the exception thrown after destruction. */
    private final String owner;
    private volatile boolean destroyed;

    /** Copies {@code length} bytes of {@code source} from {@code offset}. */
    KeyMaterial(byte[] source, int offset, int length, String owner) {
        this.bytes = Arrays.copyOfRange(source, offset, offset + length);
        this.owner = owner;
    }

    /** A copy of all the bytes, for the caller to wipe. */
    byte[] copy() {
        checkNotDestroyed();
        return bytes.clone();
    }

    /** A new material of {@code length} of these bytes from {@code offset}, with an owner of its own. */
    KeyMaterial slice(int offset, int length, String sliceOwner) {
        checkNotDestroyed();
        return new KeyMaterial(bytes, offset, length, sliceOwner);
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException(owner + " has been destroyed");
        }
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
}
