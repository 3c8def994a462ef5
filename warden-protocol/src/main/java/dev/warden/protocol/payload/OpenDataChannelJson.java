package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What both forms of {@link OpenDataChannel} write first, in the same order, before their own members. */
final class OpenDataChannelJson {

    private OpenDataChannelJson() {
    }

    /** A JSON object holding {@code MessageSchemaVersion}, {@code RequestId} and {@code TokenValue}, in this order. */
    static ObjectNode commonMembers(OpenDataChannel open) {
        ObjectNode json = PayloadJson.mapper().createObjectNode();
        json.put("MessageSchemaVersion", OpenDataChannel.MESSAGE_SCHEMA_VERSION);
        json.put("RequestId", open.requestId());
        json.put("TokenValue", open.tokenValue());
        return json;
    }
}
