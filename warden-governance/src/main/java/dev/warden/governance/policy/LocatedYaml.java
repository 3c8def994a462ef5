package dev.warden.governance.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read twice: once as a token stream, to remember where each key and value starts (Jackson's
 * token locations, keyed by JSON pointer), and once as a tree to validate. Jackson's tree nodes carry no
 * locations, so the map is what lets every validation error name its line.
 */
final class LocatedYaml {

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

    private final JsonNode root;
    private final Map<String, JsonLocation> locations;
    private final List<String> duplicateKeys;

    private LocatedYaml(JsonNode root, Map<String, JsonLocation> locations, List<String> duplicateKeys) {
        this.root = root;
        this.locations = locations;
        this.duplicateKeys = duplicateKeys;
    }

    /** Parses {@code text}; a syntax error is thrown with Jackson's location. */
    static LocatedYaml parse(String text) throws JsonProcessingException {
        Map<String, JsonLocation> locations = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                if (token == JsonToken.FIELD_NAME) {
                    if (locations.containsKey(pointer)) {
                        duplicates.add(pointer);
                    }
                    locations.put(pointer, parser.currentTokenLocation());
                } else {
                    locations.putIfAbsent(pointer, parser.currentTokenLocation());
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw e;
        }
        return new LocatedYaml(root == null ? MissingNode.getInstance() : root, locations, duplicates);
    }

    JsonNode root() {
        return root;
    }

    /** JSON pointers of keys that appear twice in the same mapping (the tree keeps only the last). */
    List<String> duplicateKeys() {
        return duplicateKeys;
    }

    /** Where the node at {@code pointer} (or its nearest located parent) starts. */
    JsonLocation locate(String pointer) {
        String p = pointer;
        while (true) {
            JsonLocation location = locations.get(p);
            if (location != null || p.isEmpty()) {
                return location;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }
}
