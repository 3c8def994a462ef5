package dev.warden.protocol.payload;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;

import java.io.IOException;

/**
 * The one JSON mapper for data-channel payloads. It writes compact JSON in the declared property order
 * with Go's string escaping (digests cover the exact bytes, so key order, spacing and escapes must match the
 * official peers) and reads the way Go's encoding/json does: keys case-insensitively, unknown keys ignored,
 * nothing but whitespace after the value.
 */
public final class PayloadJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder(
                    new JsonFactoryBuilder().characterEscapes(new GoStringEscapes()).build())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Go writes characters outside the BMP as raw UTF-8, not as a pair of escapes.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            // Go writes lower-case hex in escapes (this covers the escapes GoStringEscapes does not define).
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    private PayloadJson() {
    }

    /** The shared mapper; configure nothing on it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises {@code value} to compact UTF-8 JSON. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses {@code bytes} as {@code type}; malformed JSON is a {@link Kind#BAD_PAYLOAD} failure. */
    public static <T> Decoding<T> read(byte[] bytes, Class<T> type) {
        return read(bytes, type, type.getSimpleName() + " payload");
    }

    /** As {@link #read(byte[], Class)}, naming the input {@code what} in failures. */
    static <T> Decoding<T> read(byte[] bytes, Class<T> type, String what) {
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                return Decoding.failed(Kind.BAD_PAYLOAD, what + " is JSON null");
            }
            return Decoding.ok(value);
        } catch (IOException | RuntimeException e) {
            // Jackson reports malformed input as IOException subclasses, and a few value-conversion
            // problems as runtime exceptions; both mean the payload is not what its type prescribes.
            return Decoding.failed(Kind.BAD_PAYLOAD, what + " " + describe(e));
        }
    }

    /**
     * Says where the JSON went wrong without quoting it: Jackson's own messages echo input tokens, and
     * payloads such as OpenDataChannel carry secrets.
     */
    private static String describe(Exception e) {
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            String kind = e instanceof com.fasterxml.jackson.core.JsonParseException
                    ? "is not well-formed JSON" : "does not have the expected JSON shape";
            return kind + " (at byte " + json.getLocation().getByteOffset() + ")";
        }
        return "does not have the expected JSON shape";
    }
}
