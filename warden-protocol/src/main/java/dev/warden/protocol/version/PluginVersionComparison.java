package dev.warden.protocol.version;

import java.util.OptionalLong;

/**
 * How the official client (session-manager-plugin, {@code src/version/versionutil.go} and
 * {@code versionvalidator.go}) decides whether the agent's version is past a feature threshold
 * (client-protocol.md §6.2).
 *
 * <p>Both strings are split on {@code '.'} and must have the same number of parts; parts are compared
 * left to right as Go {@code Atoi} integers, and the first part that differs decides. Anything the official
 * client treats as an error — an empty version, a different number of parts, a non-numeric part reached
 * before a difference — means "not supported". So {@code "3.0.197"} is <em>not</em> past
 * {@code "3.0.196.0"}: a client that compared more leniently would choose a different mode than the one the
 * agent expects from it.
 */
public final class PluginVersionComparison {

    private PluginVersionComparison() {
    }

    /** True only when {@code version} is strictly greater than {@code threshold} under the client's rule. */
    public static boolean isGreaterThan(String version, String threshold) {
        if (version == null || threshold == null || version.isEmpty() || threshold.isEmpty()) {
            return false;
        }
        String[] parts = version.split("\\.", -1);
        String[] thresholdParts = threshold.split("\\.", -1);
        if (parts.length != thresholdParts.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            OptionalLong part = GoIntegers.atoi(parts[i]);
            OptionalLong thresholdPart = GoIntegers.atoi(thresholdParts[i]);
            if (part.isEmpty() || thresholdPart.isEmpty()) {
                return false;
            }
            int order = Long.compare(part.getAsLong(), thresholdPart.getAsLong());
            if (order != 0) {
                return order > 0;
            }
        }
        return false;
    }
}
