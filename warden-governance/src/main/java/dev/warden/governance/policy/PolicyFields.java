package dev.warden.governance.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Typed reads of one YAML mapping that report what is wrong instead of throwing: a missing required key, a
 * wrong type, a value out of range, a key the policy does not know. Each read returns empty on a problem, so
 * the reader goes on and finds the next one.
 */
final class PolicyFields {

    private final JsonNode node;
    private final NodePath path;
    private final Problems problems;

    private PolicyFields(JsonNode node, NodePath path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** The mapping at {@code path}, or empty (with a problem) when it is not a mapping. */
    static Optional<PolicyFields> mapping(JsonNode node, NodePath path, Problems problems, Set<String> known) {
        if (node == null || !node.isObject()) {
            problems.add(path, "must be a mapping of keys to values" + found(node));
            return Optional.empty();
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(path.key(name), "unknown key; allowed here: " + String.join(", ", known));
            }
        }
        return Optional.of(new PolicyFields(node, path, problems));
    }

    NodePath path() {
        return path;
    }

    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    JsonNode raw(String key) {
        return node.get(key);
    }

    void problem(String key, String message) {
        problems.add(path.key(key), message);
    }

    Optional<String> string(String key, boolean required) {
        if (!has(key)) {
            return missing(key, required, "text");
        }
        JsonNode value = node.get(key);
        if (!value.isTextual() && !value.isNumber()) {
            problem(key, "must be text" + found(value));
            return Optional.empty();
        }
        String text = value.asText().trim();
        if (text.isEmpty()) {
            problem(key, "must not be empty");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    Optional<String> matching(String key, boolean required, Pattern pattern, String expected) {
        Optional<String> text = string(key, required);
        if (text.isPresent() && !pattern.matcher(text.get()).matches()) {
            problem(key, "'" + text.get() + "' is not " + expected);
            return Optional.empty();
        }
        return text;
    }

    Optional<Integer> integer(String key, boolean required, int min, int max, String unit) {
        if (!has(key)) {
            return missing(key, required, "a whole number of " + unit + " (" + min + "-" + max + ")");
        }
        JsonNode value = node.get(key);
        if (!value.isIntegralNumber()) {
            problem(key, "must be a whole number of " + unit + found(value));
            return Optional.empty();
        }
        long n = value.asLong();
        if (n < min || n > max) {
            problem(key, "must be between " + min + " and " + max + " " + unit + ", was " + n);
            return Optional.empty();
        }
        return Optional.of((int) n);
    }

    Optional<Boolean> bool(String key, boolean defaultValue) {
        if (!has(key)) {
            return Optional.of(defaultValue);
        }
        JsonNode value = node.get(key);
        if (!value.isBoolean()) {
            problem(key, "must be true or false" + found(value));
            return Optional.empty();
        }
        return Optional.of(value.asBoolean());
    }

    /** A sequence, each element read by {@code element}; elements with problems are left out. */
    <T> List<T> list(String key, boolean required, BiFunction<JsonNode, NodePath, Optional<T>> element) {
        List<T> out = new ArrayList<>();
        if (!has(key)) {
            missing(key, required, "a list");
            return out;
        }
        JsonNode value = node.get(key);
        if (!value.isArray()) {
            problem(key, "must be a list" + found(value));
            return out;
        }
        if (required && value.isEmpty()) {
            problem(key, "must list at least one entry");
        }
        for (int i = 0; i < value.size(); i++) {
            element.apply(value.get(i), path.key(key).index(i)).ifPresent(out::add);
        }
        return out;
    }

    private <T> Optional<T> missing(String key, boolean required, String expected) {
        if (required) {
            problem(key, "is required (" + expected + ")");
        }
        return Optional.empty();
    }

    static String found(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return ", found nothing";
        }
        if (value.isNull()) {
            return ", found null";
        }
        String type = value.isObject() ? "a mapping" : value.isArray() ? "a list"
                : value.isBoolean() ? "a boolean" : value.isNumber() ? "a number" : "text";
        return value.isValueNode() ? ", found " + type + " '" + value.asText() + "'" : ", found " + type;
    }
}
