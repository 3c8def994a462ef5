package dev.warden.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the AWS error code and message from an HTTP error response the way the AWS SDK does: the
 * {@code x-amzn-ErrorType} header (part before {@code :}), then the JSON members {@code __type} (part after
 * {@code #}) or {@code code}, or an XML {@code <Code>}; the message from {@code x-amzn-error-message}, then
 * {@code message}, {@code Message} or {@code errorMessage}.
 */
final class AwsErrorBody {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]{1,200})</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]{1,2000})</Message>");
    private static final int MAX_MESSAGE_LENGTH = 500;

    final String code;
    final String message;

    private AwsErrorBody(String code, String message) {
        this.code = code;
        this.message = message;
    }

    static AwsErrorBody parse(String errorTypeHeader, String errorMessageHeader, byte[] body) {
        String code = null;
        String message = blankToNull(errorMessageHeader);
        if (errorTypeHeader != null && !errorTypeHeader.isBlank()) {
            int colon = errorTypeHeader.indexOf(':');
            code = (colon < 0 ? errorTypeHeader : errorTypeHeader.substring(0, colon)).trim();
        }
        String text = new String(body, StandardCharsets.UTF_8).trim();
        if (text.startsWith("{")) {
            try {
                JsonNode json = JSON.readTree(text);
                if (code == null) {
                    String type = firstText(json, "__type", "code", "Code");
                    if (type != null) {
                        int hash = type.lastIndexOf('#');
                        code = hash < 0 ? type : type.substring(hash + 1);
                    }
                }
                if (message == null) {
                    message = firstText(json, "message", "Message", "errorMessage");
                }
            } catch (java.io.IOException e) {
                // not JSON after all: no code from the body
            }
        } else if (text.startsWith("<")) {
            Matcher c = XML_CODE.matcher(text);
            if (code == null && c.find()) {
                code = c.group(1).trim();
            }
            Matcher m = XML_MESSAGE.matcher(text);
            if (message == null && m.find()) {
                message = m.group(1).trim();
            }
        }
        if (message != null && message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH) + "...";
        }
        return new AwsErrorBody(blankToNull(code), blankToNull(message));
    }

    private static String firstText(JsonNode json, String... names) {
        for (String name : names) {
            JsonNode node = json.get(name);
            if (node != null && node.isTextual()) {
                return node.textValue();
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
