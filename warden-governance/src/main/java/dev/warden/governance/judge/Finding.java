package dev.warden.governance.judge;

/**
 * One finding with its evidence.
 *
 * @param expected what the policy demands, e.g. {@code maxMinutes <= 60}
 * @param actual   what was observed, e.g. {@code running 95 minutes}
 */
public record Finding(FindingType type, String expected, String actual) {
}
