package dev.warden.protocol.version;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The official client's rule: same number of parts, numeric parts, strictly greater; errors mean false. */
class PluginVersionComparisonTest {

    @ParameterizedTest(name = "{0} > {1} is {2}")
    @CsvSource({
            "3.0.197.0,   3.0.196.0, true",
            "3.0.196.1,   3.0.196.0, true",
            "4.0.0.0,     3.0.196.0, true",
            "10.0.0.0,    9.0.0.0,   true",
            "3.0.0197.0,  3.0.196.0, true",    // leading zeros are numeric
            "+3.0.197.0,  3.0.196.0, true",    // Go's Atoi accepts a sign
            "3.0.196.0,   3.0.196.0, false",   // equal is not greater
            "3.0.195.999, 3.0.196.0, false",
            "2.9.999.999, 3.0.196.0, false",
            "3.0.197,     3.0.196.0, false",   // different number of parts
            "3.0.197.0.0, 3.0.196.0, false",
            "'',          3.0.196.0, false",   // unknown agent version
            "3.x.0.0,     2.0.0.0,   true",    // decided before the bad part is reached
            "3.x.0.0,     3.0.0.0,   false",   // the bad part is reached: an error
            "3..0.0,      2.0.0.0,   true",
            "3.0.196.0.,  3.0.196.0, false",
            "99999999999999999999.0.0.0, 3.0.196.0, false",   // overflows Atoi
            "'3.0.197.0 ', 3.0.196.0, true",   // ' 0' is never reached: 197 > 196 decides first
            "'3.0.196.0 ', 3.0.196.0, false",
    })
    void comparesLikeTheOfficialClient(String version, String threshold, boolean expected) {
        assertThat(PluginVersionComparison.isGreaterThan(version, threshold)).isEqualTo(expected);
    }

    @Test
    void nonAsciiDigitsAreNotNumbers() {
        // Java's Long.parseLong would accept ARABIC-INDIC DIGIT FOUR; Go's Atoi does not.
        assertThat(PluginVersionComparison.isGreaterThan("\u0664.0.0.0", "3.0.196.0")).isFalse();
        assertThat(PluginVersionComparison.isGreaterThan("4.0.0.0", "3.0.196.0")).isTrue();
    }

    @Test
    void nullIsAnUnknownVersion() {
        assertThat(PluginVersionComparison.isGreaterThan(null, "3.0.196.0")).isFalse();
    }

    @Property
    void fourPartNumericVersionsCompareLikeTuples(@ForAll @IntRange(max = 5) int a1, @ForAll @IntRange(max = 5) int a2,
                                                  @ForAll @IntRange(max = 5) int a3, @ForAll @IntRange(max = 5) int a4,
                                                  @ForAll @IntRange(max = 5) int b1, @ForAll @IntRange(max = 5) int b2,
                                                  @ForAll @IntRange(max = 5) int b3, @ForAll @IntRange(max = 5) int b4) {
        int[] a = {a1, a2, a3, a4};
        int[] b = {b1, b2, b3, b4};
        String versionA = a1 + "." + a2 + "." + a3 + "." + a4;
        String versionB = b1 + "." + b2 + "." + b3 + "." + b4;

        assertThat(PluginVersionComparison.isGreaterThan(versionA, versionB))
                .isEqualTo(java.util.Arrays.compare(a, b) > 0);
        assertThat(PluginVersionComparison.isGreaterThan(versionA, versionB)
                && PluginVersionComparison.isGreaterThan(versionB, versionA)).isFalse();
    }
}
