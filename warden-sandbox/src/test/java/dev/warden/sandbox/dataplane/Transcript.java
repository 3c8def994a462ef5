package dev.warden.sandbox.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.protocol.testing.SharedVectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/** One recorded transcript of the official plugin (shared vectors, {@code transcripts/*.jsonl}), line by line. */
final class Transcript {

    private static final ObjectMapper JSON = new ObjectMapper();
    final List<JsonNode> lines = new ArrayList<>();

    Transcript(String fileName) {
        try {
            for (String line : Files.readAllLines(SharedVectors.directory().resolve("transcripts").resolve(fileName))) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Websocket binary lines in one direction ({@code client->server} or {@code server->client}). */
    List<JsonNode> binary(String direction, Predicate<JsonNode> filter) {
        return lines.stream().filter(l -> l.path("kind").asText().equals("ws")
                        && l.path("dir").asText().equals(direction) && l.path("wsType").asText().equals("binary"))
                .filter(filter).toList();
    }

    static String messageType(JsonNode line) {
        return line.path("frame").path("messageType").asText();
    }

    static int payloadType(JsonNode line) {
        return line.path("frame").path("payloadType").asInt();
    }

    static long sequenceNumber(JsonNode line) {
        return line.path("frame").path("sequenceNumber").asLong();
    }

    static boolean isRetransmission(JsonNode line) {
        return line.path("note").asText().contains("retransmission");
    }

    static byte[] frame(JsonNode line) {
        return HexFormat.of().parseHex(line.path("frameHex").asText());
    }

    static byte[] payload(JsonNode line) {
        return Base64.getDecoder().decode(line.path("payloadBase64").asText());
    }

    /** The Output payloads (type 1) of {@code lines} joined, retransmissions left out. */
    static byte[] outputBytes(List<JsonNode> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines.stream().filter(l -> payloadType(l) == 1 && !isRetransmission(l)).forEach(l -> out.writeBytes(payload(l)));
        return out.toByteArray();
    }
}
