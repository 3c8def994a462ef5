package dev.warden.governance.trail;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Walks records in sequence order and finds the first that does not fit the chain: a gap in the sequence (a
 * record deleted), a previous hash that is not the preceding record's hash (deleted, inserted or reordered),
 * or a hash that does not match the record's content (modified).
 */
final class ChainVerifier implements Consumer<AuditRecord> {

    private long count;
    private long expectedSeq;
    private String previousHash;
    private ChainReport.Break firstBreak;

    /** From the first record. */
    ChainVerifier() {
        this(0, ChainHash.GENESIS);
    }

    /** After {@code verified} records already found intact, the last of them hashing to {@code headHash}. */
    ChainVerifier(long verified, String headHash) {
        this.count = verified;
        this.expectedSeq = verified + 1;
        this.previousHash = headHash;
    }

    @Override
    public void accept(AuditRecord r) {
        count++;
        if (firstBreak != null) {
            return;
        }
        if (r.seq() != expectedSeq) {
            firstBreak = new ChainReport.Break(expectedSeq, "record " + expectedSeq + " is missing: the next record"
                    + " is " + r.seq() + " (deleted)");
        } else if (!r.prevHash().equals(previousHash)) {
            firstBreak = new ChainReport.Break(r.seq(), "its previous hash is not the hash of record "
                    + (r.seq() - 1) + " (a record before it was deleted, inserted or reordered)");
        } else if (!ChainHash.of(r).equals(r.hash())) {
            firstBreak = new ChainReport.Break(r.seq(), "its content does not match its hash (modified)");
        } else {
            expectedSeq++;
            previousHash = r.hash();
        }
    }

    ChainReport report() {
        return new ChainReport(count, previousHash, Optional.ofNullable(firstBreak));
    }
}
