package dev.warden.sandbox.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One operation of an AWS JSON 1.1 service: the parsed request object in, the response object out. */
@FunctionalInterface
public interface JsonOperation {

    /**
     * @throws AwsServiceException for any error the client should see
     */
    ObjectNode invoke(JsonNode input, CallContext context);
}
