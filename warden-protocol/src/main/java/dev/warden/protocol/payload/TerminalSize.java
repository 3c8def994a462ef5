package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.PayloadType;

/**
 * The Size payload (PayloadType 3, client to agent): {@code {"cols":C,"rows":R}} with lower-case keys, cols
 * first, each an unsigned 32-bit integer (client-protocol.md §4.2, §6.1).
 */
public record TerminalSize(long cols, long rows) implements StreamPayload {

    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    public TerminalSize {
        requireUint32("cols", cols);
        requireUint32("rows", rows);
    }

    @Override
    public PayloadType payloadType() {
        return PayloadType.SIZE;
    }

    @Override
    public byte[] encode() {
        ObjectNode json = PayloadJson.mapper().createObjectNode();
        json.put("cols", cols);
        json.put("rows", rows);
        return PayloadJson.write(json);
    }

    public static Decoding<TerminalSize> decode(byte[] payload) {
        try {
            JsonMembers members = JsonMembers.parse(payload, "Size payload");
            return Decoding.ok(new TerminalSize(members.requiredUint32("cols"), members.requiredUint32("rows")));
        } catch (MalformedPayload e) {
            return e.toDecoding();
        }
    }

    private static void requireUint32(String name, long value) {
        if (value < 0 || value > UINT32_MAX) {
            throw new IllegalArgumentException(name + " must be an unsigned 32-bit value: " + value);
        }
    }
}
