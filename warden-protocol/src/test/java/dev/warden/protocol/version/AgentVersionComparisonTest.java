package dev.warden.protocol.version;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's {@code versionutil.Compare(a, b, true)}. Expected signs follow the agent's own test table where
 * it applies to strict mode, plus the cases the gates depend on.
 */
class AgentVersionComparisonTest {

    @ParameterizedTest(name = "compare({0}, {1}) has sign {2}")
    @CsvSource({
            // semver rules (both sides are semantic versions)
            "0.0.0,              0.0.0-foo,          1",
            "1.2.3,              1.2.3-4,            1",
            "1.2.3-a.b.c.10.d.5, 1.2.3-a.b.c.5.d.100, 1",
            "3.0.0+foo,          2.9.9,              1",
            "1.0.0,              1.0.0-rc.1,         1",
            "3.0.0-foo+bar,      3.0.0-bar+foo,      1",
            "3.0.0+foo,          3.0.0,              0",
            "3.0.0+foo,          3.0.0+bar,          0",
            "1.0.002,            1.0.2,              0",
            "1.0.0-01,           1.0.0-1,            -1",   // equal numbers fall through to text order
            "1.1.70-beta,        1.1.70,             -1",
            // component rules
            "2,                  10,                 -1",
            "a,                  z,                  -1",
            "1.0.0,              1.0.0.1,            -1",
            "1.0.0,              1.0.0.0,            -1",   // strict: trailing zero parts count
            "1.0.0,              1.0.a,              -1",
            "1.0.a,              1.0.A,              1",
            "1.1,                1.-1,               1",
            "1.10,               1.9,                1",
            "1.0.1,              1.0,                1",
            "1.0.0,              1.0,                1",
            "a.01.b,             a.1.b,              0",
            "1.2.295.0,          1.2.295,            1",   // more parts wins
            "1.2.677.0,          1.1.70,             1",
            "'',                 1.1.70,             -1",   // empty is smaller than anything
            "'',                 '',                 0",
    })
    void ordersLikeTheAgent(String a, String b, int expectedSign) {
        assertThat(Integer.signum(AgentVersionComparison.compare(a, b))).isEqualTo(expectedSign);
        assertThat(Integer.signum(AgentVersionComparison.compare(b, a))).isEqualTo(-expectedSign);
    }

    @Property
    void isAntisymmetric(@ForAll("versions") String a, @ForAll("versions") String b) {
        assertThat(Integer.signum(AgentVersionComparison.compare(a, b)))
                .isEqualTo(-Integer.signum(AgentVersionComparison.compare(b, a)));
    }

    @Property
    void isReflexive(@ForAll("versions") String a) {
        assertThat(AgentVersionComparison.compare(a, a)).isZero();
    }

    @Provide
    Arbitrary<String> versions() {
        Arbitrary<String> part = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 2000).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789abAB-+").ofMinLength(0).ofMaxLength(4));
        return part.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join(".", parts));
    }
}
