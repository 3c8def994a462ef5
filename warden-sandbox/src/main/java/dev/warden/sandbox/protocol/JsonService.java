package dev.warden.sandbox.protocol;

import java.util.Map;
import java.util.Optional;

/**
 * An AWS JSON 1.1 service: its {@code X-Amz-Target} prefix (e.g. {@code AmazonSSM}), its SigV4 signing
 * name (e.g. {@code ssm}), the code of its internal error, and its operations by name.
 */
public record JsonService(String targetPrefix, String signingName, String internalErrorCode,
                          Map<String, JsonOperation> operations) {

    public JsonService {
        operations = Map.copyOf(operations);
    }

    public Optional<JsonOperation> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }
}
