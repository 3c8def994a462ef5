package dev.warden.sandbox.config;

import java.util.List;

/** One emulated KMS key: its id (a UUID) and its aliases ({@code alias/…}). */
public record KmsKeyConfig(String keyId, List<String> aliases) {

    public KmsKeyConfig {
        aliases = List.copyOf(aliases);
    }
}
