package dev.warden.governance.trail;

import java.time.Instant;

/**
 * One record of the audit trail, as stored.
 *
 * @param seq        position in the chain, from 1, without gaps
 * @param recordedAt when it was appended (millisecond precision)
 * @param kind       what it is about
 * @param subject    account, region, session and target it concerns (each may be null)
 * @param payload    the details: a JSON object, keys sorted, no whitespace
 * @param prevHash   the previous record's {@code hash} (64 zeros for the first)
 * @param hash       SHA-256 over the canonical encoding of all the fields above ({@link ChainHash})
 */
public record AuditRecord(long seq, Instant recordedAt, RecordKind kind, Subject subject, String payload,
                          String prevHash, String hash) {
}
