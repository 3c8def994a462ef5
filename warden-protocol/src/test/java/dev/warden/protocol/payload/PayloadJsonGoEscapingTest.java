package dev.warden.protocol.payload;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Strings are written with Go's json.Marshal escaping, so that digests of our payloads match Go's bytes. */
class PayloadJsonGoEscapingTest {

    @Test
    void escapesLikeGo() {
        String message = "<b>&</b> \u2028\u2029 \u001b[0m \b\f\u0000\u001f \n\r\t \"\\ \u007f é 😀 /";

        String json = new String(new HandshakeComplete(1, message).encode(), StandardCharsets.UTF_8);

        // What Go 1.19's json.Marshal writes for the same string (DEL, é, 😀 and / are left as they are).
        assertThat(json).isEqualTo("{\"HandshakeTimeToComplete\":1,\"CustomerMessage\":"
                + "\"\\u003cb\\u003e\\u0026\\u003c/b\\u003e \\u2028\\u2029 \\u001b[0m \\u0008\\u000c\\u0000\\u001f "
                + "\\n\\r\\t \\\"\\\\ \u007f é 😀 /\"}");
        assertThat(HandshakeComplete.decode(json.getBytes(StandardCharsets.UTF_8)).value().customerMessage()).isEqualTo(message);
    }

    @Test
    void memberNamesOfFreeFormJsonAreEscapedToo() {
        SessionTypeAction action = SessionTypeAction.withProperties(SessionTypes.PORT, java.util.Map.of("a<b", "x&y"));

        String json = new String(HandshakeRequest.of("1", action, java.util.Optional.empty()).encode(), StandardCharsets.UTF_8);

        assertThat(json).contains("{\"a\\u003cb\":\"x\\u0026y\"}");
    }
}
