package dev.warden.sandbox.protocol;

import java.util.Map;

/** An HTTP response, independent of the server library. */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }
}
