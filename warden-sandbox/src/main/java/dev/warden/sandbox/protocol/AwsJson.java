package dev.warden.sandbox.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * JSON 1.1 helpers: the shared mapper, timestamps as AWS writes them (epoch seconds with a millisecond
 * fraction, a plain JSON number such as {@code 1755000000.123}), and typed reading of request members with
 * AWS's error for each kind of mistake: a wrong JSON type is a {@code SerializationException}, a violated
 * model constraint a {@code ValidationException}.
 */
public final class AwsJson {

    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private AwsJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Epoch seconds with millisecond fraction, written as a plain number. */
    public static BigDecimal timestamp(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    /** A string member, or empty when absent or JSON null. */
    public static Optional<String> string(JsonNode input, String member) {
        JsonNode node = input.get(member);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw CommonErrors.serialization("Expected a string for member '" + member + "'");
        }
        return Optional.of(node.asText());
    }

    /** A required string member; absent is AWS's "Member must not be null". */
    public static String requiredString(JsonNode input, String member) {
        return string(input, member).orElseThrow(() -> CommonErrors.validation(null, lowerCamel(member),
                "Member must not be null"));
    }

    /** An integer member, or empty. */
    public static Optional<Integer> integer(JsonNode input, String member) {
        JsonNode node = input.get(member);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw CommonErrors.serialization("Expected an integer for member '" + member + "'");
        }
        return Optional.of(node.asInt());
    }

    /** A list member (empty when absent). */
    public static List<JsonNode> list(JsonNode input, String member) {
        JsonNode node = input.get(member);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw CommonErrors.serialization("Expected a list for member '" + member + "'");
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    /** A list of strings (empty when absent). */
    public static List<String> stringList(JsonNode input, String member) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : list(input, member)) {
            if (!item.isTextual()) {
                throw CommonErrors.serialization("Expected strings in list member '" + member + "'");
            }
            values.add(item.asText());
        }
        return values;
    }

    /** A structure member (empty when absent). */
    public static Optional<JsonNode> structure(JsonNode input, String member) {
        JsonNode node = input.get(member);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw CommonErrors.serialization("Expected a structure for member '" + member + "'");
        }
        return Optional.of(node);
    }

    /** A map of string to list of strings, such as StartSession's Parameters. */
    public static Map<String, List<String>> stringListMap(JsonNode input, String member) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        Optional<JsonNode> node = structure(input, member);
        if (node.isPresent()) {
            node.get().properties().forEach(e -> {
                if (!e.getValue().isArray()) {
                    throw CommonErrors.serialization("Expected a list of strings for '" + member + "." + e.getKey() + "'");
                }
                List<String> values = new ArrayList<>();
                e.getValue().forEach(v -> {
                    if (!v.isTextual()) {
                        throw CommonErrors.serialization("Expected strings in '" + member + "." + e.getKey() + "'");
                    }
                    values.add(v.asText());
                });
                map.put(e.getKey(), values);
            });
        }
        return map;
    }

    /** Checks a string's length against the model's min/max. */
    public static String length(String value, String member, int min, int max) {
        if (value.length() < min) {
            throw CommonErrors.validation(value, lowerCamel(member),
                    "Member must have length greater than or equal to " + min);
        }
        if (value.length() > max) {
            throw CommonErrors.validation(value, lowerCamel(member),
                    "Member must have length less than or equal to " + max);
        }
        return value;
    }

    /** Checks a string against the model's pattern. */
    public static String pattern(String value, String member, Pattern pattern) {
        if (!pattern.matcher(value).matches()) {
            throw CommonErrors.validation(value, lowerCamel(member),
                    "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return value;
    }

    /** Checks an integer against the model's range. */
    public static int range(int value, String member, int min, int max) {
        if (value < min) {
            throw CommonErrors.validation(value, lowerCamel(member), "Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            throw CommonErrors.validation(value, lowerCamel(member), "Member must have value less than or equal to " + max);
        }
        return value;
    }

    /** Checks a string against an enum of the model. */
    public static String oneOf(String value, String member, List<String> allowed) {
        return check(value, member, allowed::contains, "Member must satisfy enum value set: " + allowed);
    }

    private static String check(String value, String member, Predicate<String> ok, String constraint) {
        if (!ok.test(value)) {
            throw CommonErrors.validation(value, lowerCamel(member), constraint);
        }
        return value;
    }

    /** AWS names members in validation messages in lowerCamelCase: {@code DocumentName} → {@code documentName}. */
    public static String lowerCamel(String member) {
        return member.isEmpty() ? member : Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
