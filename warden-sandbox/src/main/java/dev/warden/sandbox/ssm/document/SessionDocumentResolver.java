package dev.warden.sandbox.ssm.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.warden.sandbox.session.SessionDocument;
import dev.warden.sandbox.ssm.SsmErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Applies StartSession's Parameters to a session document, as the service does before it hands the
 * document to the agent: unknown parameters and values that break a parameter's type, allowed values or
 * allowed pattern are {@code InvalidParameters}; missing ones take their default (a parameter without a
 * default is required); {@code {{ name }}} in {@code properties} and {@code inputs} is replaced by the value.
 * {@code {{ssm:…}}} references to Parameter Store are left as they are.
 */
public final class SessionDocumentResolver {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

    private SessionDocumentResolver() {
    }

    public static SessionDocument resolve(StoredDocument document, DocumentVersion version,
                                          Map<String, List<String>> given) {
        DocumentVersion v = version;
        DocumentContent content = DocumentContent.parse(v.content(), v.format(), document.documentType());
        List<ParameterSpec> specs = content.parameters();
        for (String name : given.keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(name))) {
                throw SsmErrors.invalidParameters("Parameter \"" + name + "\" is not defined in the document "
                        + document.name() + ".");
            }
        }
        Map<String, List<String>> effective = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            List<String> values = given.containsKey(spec.name()) ? given.get(spec.name())
                    : spec.defaultValues().orElseThrow(() -> SsmErrors.invalidParameters(
                            "Parameter \"" + spec.name() + "\" is required but was not provided."));
            check(spec, values);
            effective.put(spec.name(), List.copyOf(values));
        }
        return new SessionDocument(document.name(), Integer.toString(v.number()), content.sessionType().orElseThrow(),
                effective, substitute(content.properties(), effective), substitute(content.inputs(), effective));
    }

    private static void check(ParameterSpec spec, List<String> values) {
        String name = spec.name();
        boolean single = !spec.type().equals("StringList") && !spec.type().equals("MapList");
        if (single && values.size() != 1) {
            throw SsmErrors.invalidParameters("Parameter \"" + name + "\" of type " + spec.type()
                    + " takes exactly one value, not " + values.size() + ".");
        }
        for (String value : values) {
            if (spec.type().equals("Integer") && !value.matches("-?\\d+")) {
                throw SsmErrors.invalidParameters("Parameter \"" + name + "\" has value \"" + value
                        + "\" that is not an Integer.");
            }
            if (spec.type().equals("Boolean") && !value.equals("true") && !value.equals("false")) {
                throw SsmErrors.invalidParameters("Parameter \"" + name + "\" has value \"" + value
                        + "\" that is not a Boolean.");
            }
            if (!spec.allowedValues().isEmpty() && !spec.allowedValues().contains(value)) {
                throw SsmErrors.invalidParameters("Parameter \"" + name + "\" has value \"" + value
                        + "\" not in the allowed values " + spec.allowedValues() + ".");
            }
            if (spec.allowedPattern() != null && !matches(spec.allowedPattern(), value)) {
                throw SsmErrors.invalidParameters("Parameter \"" + name + "\" has value \"" + value
                        + "\" not matching \"" + spec.allowedPattern() + "\".");
            }
        }
    }

    private static boolean matches(String pattern, String value) {
        try {
            return Pattern.compile(pattern).matcher(value).find();
        } catch (PatternSyntaxException e) {
            // A pattern Java cannot compile (the document author's problem); accept rather than fail sessions.
            return true;
        }
    }

    private static JsonNode substitute(JsonNode node, Map<String, List<String>> values) {
        if (node.isTextual()) {
            return TextNode.valueOf(replace(node.asText(), values));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), substitute(e.getValue(), values)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(item -> copy.add(substitute(item, values)));
            return copy;
        }
        return node;
    }

    private static String replace(String text, Map<String, List<String>> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : String.join(",", value)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
