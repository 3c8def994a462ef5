package dev.warden.sandbox.ssm.document;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.sandbox.protocol.AwsJson;
import dev.warden.sandbox.ssm.SsmErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A document's content, parsed and checked the way CreateDocument/UpdateDocument check it: it must be a
 * JSON or YAML object with a {@code schemaVersion}; a Session document must have schemaVersion
 * {@code 1.0} (the only one the agent supports) and a known {@code sessionType}; declared parameters must
 * have a known type.
 */
public final class DocumentContent {

    public static final Set<String> SESSION_TYPES =
            Set.of("Standard_Stream", "Port", "InteractiveCommands", "NonInteractiveCommands");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // "1.0" and "22" must stay strings when the YAML is read back
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();
    private static final ObjectMapper PRETTY_JSON = AwsJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root;

    private DocumentContent(ObjectNode root) {
        this.root = root;
    }

    /**
     * Parses and validates content of {@code documentType}.
     *
     * @throws dev.warden.sandbox.protocol.AwsServiceException InvalidDocumentContent or
     *                                                         InvalidDocumentSchemaVersion
     */
    public static DocumentContent parse(String content, DocumentFormat format, String documentType) {
        JsonNode node;
        try {
            node = (format == DocumentFormat.YAML ? YAML : AwsJson.mapper()).readTree(content);
        } catch (JacksonException e) {
            throw SsmErrors.invalidDocumentContent("The content is not valid " + format + ".");
        }
        if (node == null || !node.isObject()) {
            throw SsmErrors.invalidDocumentContent("The content must be a " + format + " object.");
        }
        DocumentContent parsed = new DocumentContent((ObjectNode) node);
        parsed.validate(documentType);
        return parsed;
    }

    private void validate(String documentType) {
        JsonNode schema = root.get("schemaVersion");
        // YAML authors often write schemaVersion: 1.0 unquoted, which parses as a number; accept both.
        if (schema == null || !(schema.isTextual() || schema.isNumber())
                || !schema.asText().matches("([0-9]+)\\.([0-9]+)")) {
            throw SsmErrors.invalidDocumentContent("The document must have a schemaVersion such as \"1.0\".");
        }
        if ("Session".equals(documentType)) {
            if (!"1.0".equals(schema.asText())) {
                throw SsmErrors.of("InvalidDocumentSchemaVersion", "Session documents support schemaVersion 1.0"
                        + " only, not " + schema.asText() + ".");
            }
            String type = sessionType().orElse(null);
            if (type == null || !SESSION_TYPES.contains(type)) {
                throw SsmErrors.invalidDocumentContent("sessionType must be one of " + String.join(", ",
                        SESSION_TYPES.stream().sorted().toList()) + ".");
            }
        }
        parameters();
    }

    public ObjectNode root() {
        return root.deepCopy();
    }

    public String schemaVersion() {
        return root.path("schemaVersion").asText();
    }

    public Optional<String> description() {
        JsonNode d = root.get("description");
        return d != null && d.isTextual() ? Optional.of(d.asText()) : Optional.empty();
    }

    public Optional<String> sessionType() {
        JsonNode t = root.get("sessionType");
        return t != null && t.isTextual() ? Optional.of(t.asText()) : Optional.empty();
    }

    /** The {@code properties} object, or an empty one. */
    public ObjectNode properties() {
        JsonNode p = root.get("properties");
        return p != null && p.isObject() ? ((ObjectNode) p).deepCopy() : AwsJson.object();
    }

    /** The {@code inputs} object (Standard_Stream documents), or an empty one. */
    public ObjectNode inputs() {
        JsonNode i = root.get("inputs");
        return i != null && i.isObject() ? ((ObjectNode) i).deepCopy() : AwsJson.object();
    }

    /** The declared parameters, in declaration order. */
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        JsonNode params = root.get("parameters");
        if (params == null || params.isNull()) {
            return specs;
        }
        if (!params.isObject()) {
            throw SsmErrors.invalidDocumentContent("parameters must be an object.");
        }
        params.properties().forEach(e -> {
            JsonNode p = e.getValue();
            String type = p.path("type").asText("");
            if (!ParameterSpec.TYPES.contains(type)) {
                throw SsmErrors.invalidDocumentContent("Parameter " + e.getKey() + " has type '" + type
                        + "'; use one of " + String.join(", ", ParameterSpec.TYPES) + ".");
            }
            Optional<List<String>> defaults = Optional.empty();
            JsonNode d = p.get("default");
            if (d != null && !d.isNull()) {
                List<String> values = new ArrayList<>();
                if (d.isArray()) {
                    d.forEach(v -> values.add(v.asText()));
                } else {
                    values.add(d.asText());
                }
                defaults = Optional.of(values);
            }
            List<String> allowed = new ArrayList<>();
            p.path("allowedValues").forEach(v -> allowed.add(v.asText()));
            JsonNode pattern = p.get("allowedPattern");
            specs.add(new ParameterSpec(e.getKey(), type, p.path("description").asText(""), defaults,
                    pattern != null && pattern.isTextual() ? pattern.asText() : null, allowed));
        });
        return specs;
    }

    /** The content written in {@code format} (YAML or indented JSON). */
    public String render(DocumentFormat format) {
        try {
            return format == DocumentFormat.YAML ? YAML.writeValueAsString(root)
                    : PRETTY_JSON.writeValueAsString(root);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot render a parsed document", e);
        }
    }
}
