package dev.warden.sandbox.kms;

import java.util.Arrays;
import java.util.List;

/**
 * An emulated KMS key: id, ARN, aliases and its secret key material (AES-256). {@link #toString()} never
 * shows the material.
 */
record KmsKey(String keyId, String arn, List<String> aliases, byte[] material) {

    KmsKey {
        aliases = List.copyOf(aliases);
        material = material.clone();
    }

    @Override
    public byte[] material() {
        return material.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KmsKey k && k.arn.equals(arn) && Arrays.equals(k.material, material);
    }

    @Override
    public int hashCode() {
        return arn.hashCode();
    }

    @Override
    public String toString() {
        return "KmsKey[" + arn + "]";
    }
}
