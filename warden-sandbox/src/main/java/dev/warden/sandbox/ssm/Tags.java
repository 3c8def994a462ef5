package dev.warden.sandbox.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.warden.sandbox.protocol.AwsJson;
import dev.warden.sandbox.protocol.CommonErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reading and writing the API's TagList ({@code [{"Key":…,"Value":…}]}), with the model's constraints. */
final class Tags {

    static final int MAX_TAGS = 50;
    private static final Pattern TAG_TEXT = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");

    private Tags() {
    }

    static Map<String, String> read(JsonNode in, String member) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : AwsJson.list(in, member)) {
            String key = AwsJson.pattern(AwsJson.length(AwsJson.requiredString(tag, "Key"), "Key", 1, 128), "Key",
                    TAG_TEXT);
            String value = AwsJson.pattern(AwsJson.length(AwsJson.requiredString(tag, "Value"), "Value", 0, 256),
                    "Value", TAG_TEXT);
            checkNotReserved(key);
            tags.put(key, value);
        }
        return tags;
    }

    static void checkNotReserved(String key) {
        if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw CommonErrors.validation(key, "key", "Member must not start with the reserved prefix aws:");
        }
    }

    static ArrayNode write(Map<String, String> tags) {
        ArrayNode list = AwsJson.mapper().createArrayNode();
        tags.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        return list;
    }

    static List<String> keys(JsonNode in, String member) {
        List<String> keys = AwsJson.stringList(in, member);
        keys.forEach(k -> AwsJson.length(k, "TagKeys", 1, 128));
        return keys;
    }
}
