package dev.warden.governance.trail;

import java.util.Optional;

/**
 * The result of checking the chain.
 *
 * @param records    how many records were read
 * @param headHash   the last intact record's hash: note it elsewhere to detect a truncated tail later
 * @param firstBreak the first record that does not fit the chain, with why, if any
 */
public record ChainReport(long records, String headHash, Optional<Break> firstBreak) {

    public boolean intact() {
        return firstBreak.isEmpty();
    }

    /** Where the chain breaks: the sequence number of the first bad record and what is wrong with it. */
    public record Break(long seq, String reason) {
    }
}
