package dev.warden.cli.tunnel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code --parameters} as the AWS CLI does: JSON ({@code {"portNumber":["22"]}}, a bare string value
 * counts as a one-element list) or shorthand ({@code portNumber=22,localPortNumber=8080}, several values in
 * brackets: {@code commands=[ls,pwd]}).
 */
public final class SessionParameters {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionParameters() {
    }

    public static Map<String, List<String>> parse(String text) {
        String trimmed = text.trim();
        return trimmed.startsWith("{") ? json(trimmed) : shorthand(trimmed);
    }

    private static Map<String, List<String>> json(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--parameters is not valid JSON: " + e.getOriginalMessage());
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            List<String> values = new ArrayList<>();
            if (field.getValue().isArray()) {
                field.getValue().forEach(v -> values.add(scalar(field.getKey(), v)));
            } else {
                values.add(scalar(field.getKey(), field.getValue()));
            }
            parameters.put(field.getKey(), values);
        }
        return parameters;
    }

    private static String scalar(String key, JsonNode value) {
        if (!value.isValueNode() || value.isNull()) {
            throw new IllegalArgumentException("--parameters: the value of " + key + " must be a string or a list of "
                    + "strings");
        }
        return value.asText();
    }

    private static Map<String, List<String>> shorthand(String text) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq <= i) {
                throw new IllegalArgumentException("--parameters: expected Key=Value[,Key2=Value2] or JSON, got '"
                        + text + "'");
            }
            String key = text.substring(i, eq).trim();
            List<String> values = new ArrayList<>();
            int next;
            if (eq + 1 < text.length() && text.charAt(eq + 1) == '[') {
                int close = text.indexOf(']', eq + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("--parameters: missing ']' after " + key + "=[");
                }
                for (String v : text.substring(eq + 2, close).split(",")) {
                    values.add(v.trim());
                }
                next = close + 1;
                if (next < text.length() && text.charAt(next) != ',') {
                    throw new IllegalArgumentException("--parameters: expected ',' after " + key + "=[…]");
                }
            } else {
                int comma = text.indexOf(',', eq + 1);
                next = comma < 0 ? text.length() : comma;
                values.add(text.substring(eq + 1, next).trim());
            }
            parameters.put(key, values);
            i = next + 1;
        }
        return parameters;
    }
}
