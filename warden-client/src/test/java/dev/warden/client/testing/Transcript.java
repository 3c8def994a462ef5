package dev.warden.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.testing.SharedVectors;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** One recorded session from {@code vectors/transcripts/}, line by line. */
public final class Transcript {

    private final List<JsonNode> lines;

    private Transcript(List<JsonNode> lines) {
        this.lines = lines;
    }

    public static Transcript load(String name) {
        return new Transcript(SharedVectors.readLines("transcripts/" + name));
    }

    public List<JsonNode> lines() {
        return lines;
    }

    public JsonNode line(int n) {
        return lines.stream().filter(l -> l.path("n").asInt() == n).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no line " + n));
    }

    public static boolean isBinary(JsonNode line) {
        return "ws".equals(line.path("kind").asText()) && "binary".equals(line.path("wsType").asText());
    }

    public static boolean fromClient(JsonNode line) {
        return "client->server".equals(line.path("dir").asText());
    }

    public static byte[] frameBytes(JsonNode line) {
        return HexFormat.of().parseHex(line.path("frameHex").asText());
    }

    public static byte[] payload(JsonNode line) {
        return Base64.getDecoder().decode(line.path("payloadBase64").asText());
    }

    public static String messageType(JsonNode line) {
        return line.path("frame").path("messageType").asText();
    }

    public static long sequenceNumber(JsonNode line) {
        return line.path("frame").path("sequenceNumber").asLong();
    }

    public static int payloadType(JsonNode line) {
        return line.path("frame").path("payloadType").asInt();
    }

    /** For an acknowledgement line: the sequence number it acknowledges. */
    public static long acknowledged(JsonNode line) {
        return line.path("payloadJson").path("AcknowledgedMessageSequenceNumber").asLong();
    }

    /** Whether the line is a retransmission the recorder marked as such. */
    public static boolean isRetransmission(JsonNode line) {
        return line.path("note").asText().contains("retransmission: same bytes");
    }
}
