package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.protocol.Decoding;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads the members of one JSON object the way Go's {@code encoding/json} fills a struct: names match
 * case-insensitively, the last matching member wins, unknown members are ignored, and numbers must be
 * integers of the field's range (Go refuses {@code 1.0} for an integer field).
 *
 * <p>Required members must be present and not {@code null}: the official senders always write them.
 * Failures are {@link MalformedPayload}s whose text names the payload and the member, never the value.
 */
final class JsonMembers {

    private static final BigInteger UINT32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);

    private final ObjectNode object;
    private final String payloadName;

    private JsonMembers(ObjectNode object, String payloadName) {
        this.object = object;
        this.payloadName = payloadName;
    }

    /** Parses {@code payload} as one JSON object. */
    static JsonMembers parse(byte[] payload, String payloadName) throws MalformedPayload {
        Decoding<JsonNode> parsed = PayloadJson.read(payload, JsonNode.class, payloadName);
        if (!parsed.isOk()) {
            throw new MalformedPayload(parsed.error().kind(), parsed.error().detail());
        }
        return of(parsed.value(), payloadName);
    }

    /** The members of {@code node}, which must be a JSON object. */
    static JsonMembers of(JsonNode node, String payloadName) throws MalformedPayload {
        if (node == null || !node.isObject()) {
            throw new MalformedPayload(payloadName + " is not a JSON object");
        }
        return new JsonMembers((ObjectNode) node, payloadName);
    }

    /** True when a member of that name exists, even with a null value. */
    boolean has(String name) {
        return find(name) != null;
    }

    /** The member's value, or null when it is absent or JSON null. */
    JsonNode optional(String name) {
        JsonNode value = find(name);
        return value == null || value.isNull() ? null : value;
    }

    JsonNode required(String name) throws MalformedPayload {
        JsonNode value = optional(name);
        if (value == null) {
            throw malformed(name, "is missing");
        }
        return value;
    }

    String requiredString(String name) throws MalformedPayload {
        return text(name, required(name));
    }

    /** The string, or null when absent or JSON null. */
    String optionalString(String name) throws MalformedPayload {
        JsonNode value = optional(name);
        return value == null ? null : text(name, value);
    }

    /** An unsigned 32-bit integer, as a long. */
    long requiredUint32(String name) throws MalformedPayload {
        BigInteger value = integer(name, required(name));
        if (value.signum() < 0 || value.compareTo(UINT32_MAX) > 0) {
            throw malformed(name, "is not an unsigned 32-bit integer");
        }
        return value.longValue();
    }

    long requiredInt64(String name) throws MalformedPayload {
        BigInteger value = integer(name, required(name));
        if (value.bitLength() > 63) {
            throw malformed(name, "is not a signed 64-bit integer");
        }
        return value.longValue();
    }

    /** A Go {@code int} field; values outside Java's int range are refused. */
    int requiredInt(String name) throws MalformedPayload {
        BigInteger value = integer(name, required(name));
        if (value.bitLength() > 31) {
            throw malformed(name, "is not a 32-bit integer");
        }
        return value.intValue();
    }

    /** A Go {@code int} field that may be absent or null (Go leaves 0). */
    int intOrZero(String name) throws MalformedPayload {
        return optional(name) == null ? 0 : requiredInt(name);
    }

    boolean booleanOrFalse(String name) throws MalformedPayload {
        JsonNode value = optional(name);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw malformed(name, "is not a boolean");
        }
        return value.booleanValue();
    }

    /** A Go {@code []byte} field: standard base64 in a JSON string. */
    byte[] requiredBase64(String name) throws MalformedPayload {
        String text = requiredString(name);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed(name, "is not standard base64");
        }
    }

    /** A JSON object, or null when absent or JSON null. */
    JsonNode optionalObject(String name) throws MalformedPayload {
        JsonNode value = optional(name);
        if (value != null && !value.isObject()) {
            throw malformed(name, "is not a JSON object");
        }
        return value;
    }

    /** The elements of a JSON array; an absent or null member is an empty list, as a nil slice in Go. */
    List<JsonNode> arrayOrEmpty(String name) throws MalformedPayload {
        JsonNode value = optional(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw malformed(name, "is not a JSON array");
        }
        List<JsonNode> elements = new ArrayList<>(value.size());
        value.forEach(elements::add);
        return elements;
    }

    /** A string array; an absent or null member is an empty list. */
    List<String> stringsOrEmpty(String name) throws MalformedPayload {
        List<String> strings = new ArrayList<>();
        for (JsonNode element : arrayOrEmpty(name)) {
            if (!element.isTextual()) {
                throw malformed(name, "holds an element that is not a string");
            }
            strings.add(element.textValue());
        }
        return strings;
    }

    MalformedPayload malformed(String name, String problem) {
        return new MalformedPayload(payloadName + " member " + name + " " + problem);
    }

    private JsonNode find(String name) {
        JsonNode match = null;
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            if (member.getKey().equalsIgnoreCase(name)) {
                match = member.getValue();
            }
        }
        return match;
    }

    private String text(String name, JsonNode value) throws MalformedPayload {
        if (!value.isTextual()) {
            throw malformed(name, "is not a string");
        }
        return value.textValue();
    }

    private BigInteger integer(String name, JsonNode value) throws MalformedPayload {
        if (!value.isIntegralNumber()) {
            throw malformed(name, "is not an integer");
        }
        return value.bigIntegerValue();
    }
}
