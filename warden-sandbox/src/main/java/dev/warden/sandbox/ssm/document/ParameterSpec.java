package dev.warden.sandbox.ssm.document;

import java.util.List;
import java.util.Optional;

/**
 * One declared parameter of a document.
 *
 * @param name           its name
 * @param type           String, StringList, Boolean, Integer, StringMap or MapList
 * @param description    its description, or empty
 * @param defaultValues  the default as a list of values, or empty when the parameter is required
 * @param allowedPattern a regular expression each value must match, or null
 * @param allowedValues  the values allowed, or empty for any
 */
public record ParameterSpec(String name, String type, String description, Optional<List<String>> defaultValues,
                            String allowedPattern, List<String> allowedValues) {

    public static final List<String> TYPES = List.of("String", "StringList", "Boolean", "Integer", "StringMap",
            "MapList");

    public ParameterSpec {
        defaultValues = defaultValues.map(List::copyOf);
        allowedValues = List.copyOf(allowedValues);
    }

    public boolean isRequired() {
        return defaultValues.isEmpty();
    }

    /** The default written as DescribeDocument reports it (a single string), or null. */
    public String defaultValueText() {
        return defaultValues.map(values -> values.size() == 1 ? values.get(0) : String.join(",", values)).orElse(null);
    }
}
