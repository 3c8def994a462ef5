package dev.warden.protocol.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the golden vectors of the shared reference folder ({@code ../shared/vectors} beside the project
 * root) directly, so that tests always run against the files the official client produced.
 */
public final class SharedVectors {

    /** Parses integers as long/BigInteger, never via double: some sequence numbers exceed 2^53. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private SharedVectors() {
    }

    /** The vectors folder; fails the test run loudly when it cannot be found. */
    public static Path directory() {
        String configured = System.getProperty("warden.shared.dir");
        if (configured != null && Files.isDirectory(Path.of(configured, "vectors"))) {
            return Path.of(configured, "vectors");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("vectors");
            if (Files.isRegularFile(candidate.resolve("README.md"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("The shared reference folder was not found: expected ../shared/vectors "
                + "beside the project root, or -Dwarden.shared.dir=<folder>");
    }

    public static JsonNode read(String fileName) {
        try {
            return JSON.readTree(directory().resolve(fileName).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line of a JSON Lines transcript. */
    public static List<JsonNode> readLines(String fileName) {
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(directory().resolve(fileName))) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hex(JsonNode node) {
        return HexFormat.of().parseHex(node.asText());
    }

    public static byte[] base64(JsonNode node) {
        return java.util.Base64.getDecoder().decode(node.asText());
    }
}
