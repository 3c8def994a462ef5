package dev.warden.protocol.version;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How the SSM Agent orders version strings when it gates behaviour on the client's version
 * ({@code versionutil.Compare(v, threshold, true)} in {@code agent/versionutil/versionutil.go}, used by
 * every client-version gate; agent-side.md §4.2):
 *
 * <ol>
 *   <li>If both strings are semantic versions (exactly three numeric dot-separated parts, optional
 *       {@code -prerelease} and {@code +metadata}), semver precedence decides.</li>
 *   <li>Otherwise both are split on {@code '.'} and compared part by part over the common prefix:
 *       numerically when both parts are Go {@code Atoi} integers, else as text (byte order of UTF-8).</li>
 *   <li>If the common prefix is equal, the string with more parts is greater — so {@code "1.2.295.0"} is
 *       greater than {@code "1.2.295"}, and an empty version is smaller than any version.</li>
 * </ol>
 *
 * <p>This is the agent's "strict" mode: trailing zero parts are significant.
 */
public final class AgentVersionComparison {

    private AgentVersionComparison() {
    }

    /** Negative, zero or positive as {@code version} orders before, equal to or after {@code other}. */
    public static int compare(String version, String other) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(other, "other");
        SemanticVersion semantic = SemanticVersion.parse(version);
        SemanticVersion otherSemantic = SemanticVersion.parse(other);
        if (semantic != null && otherSemantic != null) {
            return semantic.compareTo(otherSemantic);
        }
        String[] parts = version.split("\\.", -1);
        String[] otherParts = other.split("\\.", -1);
        for (int i = 0; i < parts.length && i < otherParts.length; i++) {
            int order = compareComponent(parts[i], otherParts[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.signum(parts.length - otherParts.length);
    }

    /** Numerically when both are integers, else as text. */
    static int compareComponent(String part, String otherPart) {
        OptionalLong number = GoIntegers.atoi(part);
        OptionalLong otherNumber = GoIntegers.atoi(otherPart);
        if (number.isPresent() && otherNumber.isPresent()) {
            return Long.compare(number.getAsLong(), otherNumber.getAsLong());
        }
        return compareAsGoStrings(part, otherPart);
    }

    /**
     * Go compares strings byte by byte in UTF-8, which is code point order; Java's {@code compareTo} compares
     * UTF-16 units and disagrees for characters above the surrogate range.
     */
    static int compareAsGoStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** The subset of coreos/go-semver the agent vendors: parsing and precedence, metadata ignored. */
    private record SemanticVersion(long major, long minor, long patch, String preRelease)
            implements Comparable<SemanticVersion> {

        /** The version, or null when go-semver would refuse the string. */
        static SemanticVersion parse(String text) {
            String rest = text;
            int plus = rest.indexOf('+');
            if (plus >= 0) {
                rest = rest.substring(0, plus);
            }
            String preRelease = "";
            int dash = rest.indexOf('-');
            if (dash >= 0) {
                preRelease = rest.substring(dash + 1);
                rest = rest.substring(0, dash);
            }
            // Go's SplitN(rest, ".", 3) leaves any further dots inside the third part, which then fails to parse.
            String[] parts = rest.split("\\.", 3);
            if (parts.length != 3) {
                return null;
            }
            OptionalLong major = GoIntegers.atoi(parts[0]);
            OptionalLong minor = GoIntegers.atoi(parts[1]);
            OptionalLong patch = GoIntegers.atoi(parts[2]);
            if (major.isEmpty() || minor.isEmpty() || patch.isEmpty()) {
                return null;
            }
            return new SemanticVersion(major.getAsLong(), minor.getAsLong(), patch.getAsLong(), preRelease);
        }

        @Override
        public int compareTo(SemanticVersion other) {
            int order = Long.compare(major, other.major);
            if (order == 0) {
                order = Long.compare(minor, other.minor);
            }
            if (order == 0) {
                order = Long.compare(patch, other.patch);
            }
            if (order != 0) {
                return order;
            }
            // A version without a pre-release ranks above the same version with one.
            if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
                return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
            }
            return comparePreRelease(preRelease.split("\\.", -1), other.preRelease.split("\\.", -1));
        }

        private static int comparePreRelease(String[] parts, String[] otherParts) {
            for (int i = 0; i < parts.length && i < otherParts.length; i++) {
                OptionalLong number = GoIntegers.atoi(parts[i]);
                OptionalLong otherNumber = GoIntegers.atoi(otherParts[i]);
                if (number.isPresent() && otherNumber.isPresent()) {
                    int order = Long.compare(number.getAsLong(), otherNumber.getAsLong());
                    if (order != 0) {
                        return order;
                    }
                }
                // Equal numbers still fall through to text order, as in go-semver ("01" sorts before "1").
                int order = compareAsGoStrings(parts[i], otherParts[i]);
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(parts.length, otherParts.length);
        }
    }
}
