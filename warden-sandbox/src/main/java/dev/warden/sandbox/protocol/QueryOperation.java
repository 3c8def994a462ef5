package dev.warden.sandbox.protocol;

import java.util.Map;

/** One operation of an AWS query-protocol service (STS): form parameters in, the XML response body out. */
@FunctionalInterface
public interface QueryOperation {

    /**
     * @throws AwsServiceException for any error the client should see
     */
    String invoke(Map<String, String> parameters, CallContext context);
}
