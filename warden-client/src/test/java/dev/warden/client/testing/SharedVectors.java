package dev.warden.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden vectors in {@code ../shared/vectors} (the surefire property {@code warden.shared.dir}). A missing
 * folder fails the test instead of skipping it.
 */
public final class SharedVectors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SharedVectors() {
    }

    public static Path dir() {
        String shared = System.getProperty("warden.shared.dir");
        Path base = shared != null ? Path.of(shared) : Path.of("..", "..", "shared");
        Path vectors = base.resolve("vectors");
        if (!Files.isDirectory(vectors)) {
            throw new IllegalStateException("shared vectors not found at " + vectors.toAbsolutePath());
        }
        return vectors;
    }

    public static JsonNode json(String name) {
        try {
            return JSON.readTree(dir().resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a transcript in {@code transcripts/}, parsed. */
    public static List<JsonNode> transcript(String name) {
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(dir().resolve("transcripts").resolve(name))) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
