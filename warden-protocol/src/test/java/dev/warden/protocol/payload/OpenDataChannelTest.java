package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.testing.SharedVectors;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OpenDataChannelTest {

    private static final String SECRET = "AAEAAbT0k3n/Secret+Value==";

    @Test
    void theClientFormHasTheOfficialClientsKeyOrder() {
        ClientOpenDataChannel open = ClientOpenDataChannel.of(UUID.fromString("04e2266f-bf18-4b08-acf8-916ad0c334a7"),
                "<TokenValue>", UUID.fromString("58d4c383-a9ae-4011-9e29-96140f9b48b0"), "1.2.677.0");

        // The example of client-protocol.md §2.4, byte for byte (Go escapes < and >).
        assertThat(open.encodeToString()).isEqualTo("{\"MessageSchemaVersion\":\"1.0\","
                + "\"RequestId\":\"04e2266f-bf18-4b08-acf8-916ad0c334a7\",\"TokenValue\":\"\\u003cTokenValue\\u003e\","
                + "\"ClientId\":\"58d4c383-a9ae-4011-9e29-96140f9b48b0\",\"ClientVersion\":\"1.2.677.0\"}");
        assertThat(OpenDataChannel.decode(open.encode()).value()).isEqualTo(open);
    }

    @Test
    void everyTextFrameTheRealClientSentRoundTrips() throws Exception {
        int seen = 0;
        try (Stream<Path> files = Files.list(SharedVectors.directory().resolve("transcripts"))) {
            for (Path file : files.sorted().toList()) {
                for (JsonNode line : SharedVectors.readLines("transcripts/" + file.getFileName())) {
                    if (!"text".equals(line.path("wsType").asText()) || !"client->server".equals(line.path("dir").asText())) {
                        continue;
                    }
                    String text = line.get("text").asText();
                    Decoding<OpenDataChannel> decoded = OpenDataChannel.decode(text);

                    assertThat(decoded.isOk()).as("%s", decoded).isTrue();
                    ClientOpenDataChannel open = (ClientOpenDataChannel) decoded.value();
                    assertThat(open.tokenValue()).isEqualTo(line.get("textJson").get("TokenValue").asText());
                    assertThat(open.clientVersion()).isEqualTo("1.2.677.0");
                    assertThat(open.encodeToString()).isEqualTo(text);
                    seen++;
                }
            }
        }
        // a, c, e: one open each; b: one; d: two (the reconnect opens again, with a new token).
        assertThat(seen).isEqualTo(6);
    }

    @Test
    void theAgentFormHasTheAgentsKeyOrderAndIsToldApartByClientInstanceId() {
        AgentOpenDataChannel open = new AgentOpenDataChannel("0d5e1f7a-7d5e-4c55-9a53-6a0e5f1b7c2d", "TOKEN-x-1",
                "i-0123456789abcdef0", "");

        assertThat(open.encodeToString()).isEqualTo("{\"MessageSchemaVersion\":\"1.0\","
                + "\"RequestId\":\"0d5e1f7a-7d5e-4c55-9a53-6a0e5f1b7c2d\",\"TokenValue\":\"TOKEN-x-1\","
                + "\"ClientInstanceId\":\"i-0123456789abcdef0\",\"ClientId\":\"\"}");
        assertThat(OpenDataChannel.decode(open.encode()).value()).isEqualTo(open);
    }

    @Test
    void clientsUpTo1_2_553SendNoClientVersion() {
        String old = "{\"MessageSchemaVersion\":\"1.0\",\"RequestId\":\"r\",\"TokenValue\":\"t\",\"ClientId\":\"c\"}";

        OpenDataChannel decoded = OpenDataChannel.decode(old).value();

        assertThat(decoded).isEqualTo(new ClientOpenDataChannel("r", "t", "c", null));
        assertThat(decoded.encodeToString()).isEqualTo(old);
    }

    @Test
    void theTokenIsRedactedFromTextForms() {
        ClientOpenDataChannel client = ClientOpenDataChannel.of(UUID.randomUUID(), SECRET, UUID.randomUUID(), "1.2.764.0");
        AgentOpenDataChannel agent = new AgentOpenDataChannel("r", SECRET, "i-1", "");

        for (OpenDataChannel open : new OpenDataChannel[] {client, agent}) {
            assertThat(open.toString()).doesNotContain(SECRET).doesNotContain("T0k3n").contains("<redacted>");
            assertThat(open.tokenValue()).isEqualTo(SECRET);
        }
        assertThat(client.toString()).contains(client.requestId());
    }

    @Test
    void decodeErrorsNeverQuoteTheToken() {
        String[] inputs = {
                "{\"MessageSchemaVersion\":\"2.0\",\"RequestId\":\"r\",\"TokenValue\":\"" + SECRET + "\",\"ClientId\":\"c\"}",
                "{\"MessageSchemaVersion\":\"1.0\",\"RequestId\":\"r\",\"TokenValue\":\"" + SECRET + "\"}",
                "{\"MessageSchemaVersion\":\"1.0\",\"RequestId\":\"r\",\"TokenValue\":\"" + SECRET + "\",\"ClientId\":1}",
                "{\"MessageSchemaVersion\":\"1.0\",\"TokenValue\":\"" + SECRET + "\" \"ClientId\":\"c\"}",
                "{\"TokenValue\":" + SECRET + "}",
                "{\"TokenValue\":\"" + SECRET,
        };
        for (String input : inputs) {
            Decoding<OpenDataChannel> decoded = OpenDataChannel.decode(input);
            assertThat(decoded.isOk()).as(input).isFalse();
            assertThat(decoded.error().kind()).isEqualTo(Kind.BAD_PAYLOAD);
            assertThat(decoded.error().toString()).doesNotContain(SECRET).doesNotContain("T0k3n").doesNotContain("AAEA");
        }
    }
}
