package dev.warden.governance.store;

import java.util.Optional;

/** Which active sessions to list: each present field must match exactly; empty fields match everything. */
public record SessionFilter(Optional<String> accountId, Optional<String> region, Optional<String> tier,
                            Optional<String> principal) {

    public static final SessionFilter ALL =
            new SessionFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
