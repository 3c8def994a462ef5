package dev.warden.sandbox.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the golden vectors of the shared reference folder ({@code ../shared/vectors} beside the project). */
public final class SharedVectors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SharedVectors() {
    }

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
}
