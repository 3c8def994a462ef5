package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;

/** The one shape both challenge payloads share: {@code {"Challenge":"<base64>"}}, a Go {@code []byte}. */
final class ChallengeJson {

    private ChallengeJson() {
    }

    static byte[] encode(byte[] challenge) {
        ObjectNode json = PayloadJson.mapper().createObjectNode();
        json.put("Challenge", Base64.getEncoder().encodeToString(challenge));
        return PayloadJson.write(json);
    }

    static byte[] decode(byte[] payload, String payloadName) throws MalformedPayload {
        return JsonMembers.parse(payload, payloadName).requiredBase64("Challenge");
    }
}
