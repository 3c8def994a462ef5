package dev.warden.cli.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** What {@code --log-format json} output must be: every line a JSON log event. */
public final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {
    }

    /**
     * Every non-empty line of {@code text} (a line end may carry the carriage return a raw terminal needs), each of
     * which must be a JSON object with a time and a level: one plain-text line fails the test.
     */
    public static List<JsonNode> records(String text) {
        List<JsonNode> records = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not a JSON line: " + line + "\nin:\n" + text, e);
            }
            if (record == null || !record.isObject()) {
                fail("not a JSON object: %s%nin:%n%s", line, text);
            }
            assertThat(record.has("timestamp") && record.has("level")).as("time and level: %s", line).isTrue();
            records.add(record);
        }
        assertThat(records).as("JSON lines").isNotEmpty();
        return records;
    }

    /** Whether {@code record} is a status line ({@code warden.status}) whose message contains {@code text}. */
    public static boolean isStatus(JsonNode record, String text) {
        return record.path("loggerName").asText().equals("warden.status")
                && record.path("formattedMessage").asText().contains(text);
    }
}
