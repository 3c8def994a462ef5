package dev.warden.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The StartSession response as the AWS CLI hands it over, and what coordinates reveal. */
class SessionCoordinatesTest {

    private static final String URL = "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/s-1"
            + "?role=publish_subscribe&cell-number=AAEAAb+c/d==";

    @Test
    void reads_the_three_fields_whatever_their_case_and_ignores_the_rest() {
        SessionCoordinates c = SessionCoordinates.fromStartSessionJson("{\"sessionid\":\"s-1\",\"TokenValue\":"
                + "\"secret-token\",\"STREAMURL\":\"" + URL + "\",\"ResponseMetadata\":{\"RequestId\":\"r\"}}");
        assertThat(c.sessionId()).isEqualTo("s-1");
        assertThat(c.tokenValue()).isEqualTo("secret-token");
        assertThat(c.streamUrl()).isEqualTo(URL);
    }

    @Test
    void refuses_incomplete_or_invalid_responses_without_quoting_them() {
        assertThatThrownBy(() -> SessionCoordinates.fromStartSessionJson("{\"SessionId\":\"s-1\",\"TokenValue\":"
                + "\"secret-token\"}")).hasMessageContaining("StreamUrl").hasMessageNotContaining("secret-token");
        assertThatThrownBy(() -> SessionCoordinates.fromStartSessionJson("{\"TokenValue\":\"secret-token\""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret-token");
        assertThatThrownBy(() -> SessionCoordinates.fromStartSessionJson("[]"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void never_shows_the_token_and_keeps_the_url_when_a_resume_returns_none() {
        SessionCoordinates c = new SessionCoordinates("s-1", "secret-token", URL);
        assertThat(c.toString()).doesNotContain("secret-token").contains("s-1");
        SessionCoordinates resumed = c.resumed("new-token", "");
        assertThat(resumed.streamUrl()).isEqualTo(URL);
        assertThat(resumed.tokenValue()).isEqualTo("new-token");
        assertThat(c.resumed("t", "wss://other/v1/data-channel/s-1").streamUrl())
                .isEqualTo("wss://other/v1/data-channel/s-1");
    }
}
