package dev.warden.governance.store;

import dev.warden.governance.policy.Exemption;
import java.time.Instant;
import java.util.Optional;

/**
 * An exemption granted at runtime, as the store keeps it.
 *
 * @param id        its identity (what revoking names)
 * @param exemption what it exempts and until when
 * @param grantedAt when it was granted
 * @param grantedBy who granted it (the dashboard's name for the operator's token)
 * @param revokedAt when it was revoked, if it was
 */
public record GrantedExemption(String id, Exemption exemption, Instant grantedAt, String grantedBy,
                               Optional<Instant> revokedAt) {
}
