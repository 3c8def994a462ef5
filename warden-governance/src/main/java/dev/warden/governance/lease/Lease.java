package dev.warden.governance.lease;

import java.time.Instant;

/**
 * A lease on a unit of work as the store holds it: who holds it, until when, and its fence, which grows by one at
 * every new holder so that anything stamped with an older fence is known to come from a former holder.
 */
public record Lease(String unit, String holder, long fence, Instant expiresAt) {
}
