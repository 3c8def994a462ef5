package dev.warden.sandbox.protocol;

import java.util.Map;
import java.util.Optional;

/**
 * An AWS query-protocol service (form-encoded {@code Action=…&Version=…}, XML responses).
 *
 * @param signingName the SigV4 service name, e.g. {@code sts}
 * @param version     the API version clients must send, e.g. {@code 2011-06-15}
 * @param xmlNamespace the namespace of responses and errors
 * @param operations  operations by Action name
 */
public record QueryService(String signingName, String version, String xmlNamespace,
                           Map<String, QueryOperation> operations) {

    public QueryService {
        operations = Map.copyOf(operations);
    }

    public Optional<QueryOperation> operation(String action) {
        return Optional.ofNullable(operations.get(action));
    }
}
