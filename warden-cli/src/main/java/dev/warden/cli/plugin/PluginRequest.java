package dev.warden.cli.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The StartSession request the AWS CLI sent, as it hands it to the plugin (argv[5]): the target, the document (the
 * default shell document when absent) and the document's parameters.
 *
 * @param target       the instance or managed node; the KMS encryption context names it
 * @param documentName the session document, {@value #DEFAULT_DOCUMENT} when the request named none
 * @param parameters   the document parameters, each a list of strings as in the API
 */
public record PluginRequest(String target, String documentName, Map<String, List<String>> parameters) {

    /** The document StartSession uses when the request names none: the account's shell preferences. */
    public static final String DEFAULT_DOCUMENT = "SSM-SessionManagerRunShell";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What an AWS CLI from before KMS encryption (the three-argument form) tells: nothing of the request. As the
     * official plugin does, the session runs with an empty target, as a shell unless the agent's handshake says
     * otherwise.
     */
    public static PluginRequest ofLegacyCli() {
        return new PluginRequest("", DEFAULT_DOCUMENT, Map.of());
    }

    /** Parses argv[5]; the message of a failure names what is wrong, never the text. */
    public static PluginRequest fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the StartSession request parameters are not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the StartSession request parameters are not a JSON object");
        }
        JsonNode target = root.get("Target");
        if (target == null || !target.isTextual() || target.textValue().isBlank()) {
            throw new IllegalArgumentException("the StartSession request parameters name no Target");
        }
        JsonNode document = root.get("DocumentName");
        String documentName = document != null && document.isTextual() && !document.textValue().isBlank()
                ? document.textValue() : DEFAULT_DOCUMENT;
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        root.path("Parameters").properties().forEach(entry -> {
            List<String> values = new ArrayList<>();
            if (entry.getValue().isArray()) {
                entry.getValue().forEach(v -> values.add(v.asText()));
            } else {
                values.add(entry.getValue().asText());
            }
            parameters.put(entry.getKey(), List.copyOf(values));
        });
        return new PluginRequest(target.textValue(), documentName, Map.copyOf(parameters));
    }

    /** The first value of a parameter, or null. */
    public String parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
