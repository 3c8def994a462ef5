package dev.warden.governance.policy;

/**
 * One thing wrong with a policy file, located so that an editor can jump to it.
 *
 * @param file    the file name as the user gave it
 * @param line    1-based line of the offending key or value (0 when the file could not be read at all)
 * @param column  1-based column
 * @param field   the key path, e.g. {@code tiers[1].maxMinutes}; empty for the whole document
 * @param message what is wrong and what is allowed
 */
public record PolicyProblem(String file, int line, int column, String field, String message) {

    /** {@code policy.yaml:12:5: tiers[1].maxMinutes: must be between 1 and 1440, was 2000}. */
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return field.isEmpty() ? where + ": " + message : where + ": " + field + ": " + message;
    }
}
