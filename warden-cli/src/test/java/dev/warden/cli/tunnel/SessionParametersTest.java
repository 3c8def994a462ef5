package dev.warden.cli.tunnel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionParametersTest {

    @Test
    void json_lists_and_bare_strings() {
        assertThat(SessionParameters.parse("{\"portNumber\":[\"22\"],\"host\":\"db\"}"))
                .isEqualTo(Map.of("portNumber", List.of("22"), "host", List.of("db")));
    }

    @Test
    void shorthand_pairs_and_bracketed_lists() {
        assertThat(SessionParameters.parse("portNumber=80,localPortNumber=8080"))
                .isEqualTo(Map.of("portNumber", List.of("80"), "localPortNumber", List.of("8080")));
        assertThat(SessionParameters.parse("commands=[ls,pwd],x=1"))
                .isEqualTo(Map.of("commands", List.of("ls", "pwd"), "x", List.of("1")));
    }

    @Test
    void malformed_parameters_are_refused() {
        assertThatThrownBy(() -> SessionParameters.parse("{\"portNumber\":")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SessionParameters.parse("portNumber")).hasMessageContaining("Key=Value");
    }
}
