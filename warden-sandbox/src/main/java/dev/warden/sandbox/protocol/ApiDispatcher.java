package dev.warden.sandbox.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.sandbox.auth.AuthFailure;
import dev.warden.sandbox.auth.AuthenticationException;
import dev.warden.sandbox.auth.SignedHttpRequest;
import dev.warden.sandbox.auth.SigV4Verifier;
import dev.warden.sandbox.auth.VerifiedCaller;
import dev.warden.sandbox.faults.ApiThrottling;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes an API request to its service and answers it the way AWS does, errors included.
 *
 * <ul>
 *   <li>{@code POST /} with {@code X-Amz-Target: <Prefix>.<Operation>} goes to the JSON 1.1 service of that
 *       prefix ({@code AmazonSSM}, {@code TrentService}).</li>
 *   <li>{@code POST /} with a form body ({@code Action=…&Version=…}) goes to the query service of that API
 *       version (STS, SNS).</li>
 * </ul>
 * As in AWS, the operation is resolved first (an unknown one is {@code UnknownOperationException} even
 * unsigned), then the signature is verified, then the throttling fault may refuse the call, then the body is
 * parsed. Every response carries
 * {@code x-amzn-RequestId} and a {@code Date} from the sandbox clock (the SDK corrects its clock skew from
 * it). Nothing the client sends can make this method throw: unexpected failures become the service's
 * internal error with status 500.
 */
public final class ApiDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    private static final String FORM = "application/x-www-form-urlencoded";

    private final SigV4Verifier verifier;
    private final Clock clock;
    private final Map<String, JsonService> jsonServices;
    private final Map<String, QueryService> queryServices;
    /** Answers requests whose version names no service: the first one given (STS). */
    private final QueryService defaultQueryService;
    private final int expiredTokenStatus;
    private final ApiThrottling throttling;
    private final ApiCallCounts calls = new ApiCallCounts();

    /**
     * @param expiredTokenStatus status of ExpiredTokenException on JSON services: 400 as AWS, or 403
     * @param throttling         the throttling fault, applied to JSON services' authenticated calls
     */
    public ApiDispatcher(SigV4Verifier verifier, Clock clock, List<JsonService> jsonServices,
                         List<QueryService> queryServices, int expiredTokenStatus, ApiThrottling throttling) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jsonServices = jsonServices.stream().collect(Collectors.toMap(JsonService::targetPrefix,
                Function.identity()));
        this.queryServices = queryServices.stream().collect(Collectors.toMap(QueryService::version,
                Function.identity()));
        this.defaultQueryService = queryServices.get(0);
        this.expiredTokenStatus = expiredTokenStatus;
        this.throttling = Objects.requireNonNull(throttling, "throttling");
    }

    /** The authenticated calls received so far, per operation. */
    public ApiCallCounts calls() {
        return calls;
    }

    public ApiResponse handle(SignedHttpRequest request) {
        String requestId = UUID.randomUUID().toString();
        String target = request.header("x-amz-target");
        String contentType = Optional.ofNullable(request.header("content-type")).orElse("").toLowerCase(Locale.ROOT);
        if (target == null && contentType.startsWith(FORM)) {
            return handleQuery(request, requestId);
        }
        return handleJson(request, target, contentType, requestId);
    }

    private ApiResponse handleJson(SignedHttpRequest request, String target, String contentType, String requestId) {
        JsonService service = null;
        try {
            if (!"POST".equals(request.method()) || !"/".equals(request.rawPath())) {
                return jsonError(CommonErrors.unknownOperation(null), requestId, 404);
            }
            if (target == null) {
                throw CommonErrors.unknownOperation("The request has no X-Amz-Target header");
            }
            int dot = target.lastIndexOf('.');
            service = dot < 0 ? null : jsonServices.get(target.substring(0, dot));
            if (service == null) {
                throw CommonErrors.unknownOperation("Unknown X-Amz-Target " + target);
            }
            String operationName = target.substring(dot + 1);
            JsonOperation operation = service.operation(operationName)
                    .orElseThrow(() -> CommonErrors.unknownOperation(null));
            if (!contentType.startsWith("application/x-amz-json-1.1") && !contentType.startsWith("application/x-amz-json-1.0")) {
                throw CommonErrors.unknownOperation("Unsupported Content-Type '" + contentType
                        + "'; AWS JSON requests use " + AwsJson.CONTENT_TYPE);
            }
            VerifiedCaller caller = verifier.verify(request, service.signingName());
            calls.record(service.signingName(), operationName);
            throttling.check(operationName);
            JsonNode input = parseJson(request.body());
            calls.recordRequest(service.signingName(), operationName, input);
            ObjectNode output = operation.invoke(input, new CallContext(caller, requestId));
            LOG.debug("{} by {} -> 200", target, caller.accessKeyId());
            return new ApiResponse(200, AwsJson.CONTENT_TYPE, AwsJson.mapper().writeValueAsBytes(output),
                    baseHeaders(requestId));
        } catch (AuthenticationException e) {
            int status = e.failure() == AuthFailure.EXPIRED_TOKEN ? expiredTokenStatus : 400;
            return jsonError(AwsServiceException.clientError(e.failure().jsonCode(), e.getMessage()), requestId, status);
        } catch (AwsServiceException e) {
            LOG.debug("{} -> {} {}", target, e.status(), e.code());
            return jsonError(e, requestId, e.status());
        } catch (RuntimeException | IOException e) {
            LOG.warn("Request {} ({}) failed unexpectedly", requestId, target, e);
            String code = service == null ? "InternalFailure" : service.internalErrorCode();
            return jsonError(new AwsServiceException(code, 500, "An internal error occurred.", "message"),
                    requestId, 500);
        }
    }

    private ApiResponse handleQuery(SignedHttpRequest request, String requestId) {
        String action = null;
        QueryService service = null;
        try {
            Map<String, String> params = formParameters(request);
            action = params.get("Action");
            if (action == null || action.isEmpty()) {
                throw new AwsServiceException("MissingAction", 400, "Missing Action", "message");
            }
            String actionName = action;
            String version = params.getOrDefault("Version", "");
            service = queryServices.get(version);
            QueryOperation operation = Optional.ofNullable(service).flatMap(q -> q.operation(actionName))
                    .orElseThrow(() -> new AwsServiceException("InvalidAction", 400, "Could not find operation "
                            + actionName + " for version " + (version.isEmpty() ? "NO_VERSION_SPECIFIED" : version),
                            "message"));
            VerifiedCaller caller = verifier.verify(request, service.signingName());
            calls.record(service.signingName(), actionName);
            String xml = operation.invoke(params, new CallContext(caller, requestId));
            LOG.debug("{} {} by {} -> 200", service.signingName(), action, caller.accessKeyId());
            return new ApiResponse(200, "text/xml", xml.getBytes(StandardCharsets.UTF_8), baseHeaders(requestId));
        } catch (AuthenticationException e) {
            AuthFailure f = e.failure();
            return queryError(new AwsServiceException(f.queryCode(), f.queryStatus(), e.getMessage(), "Message"),
                    requestId, service);
        } catch (AwsServiceException e) {
            return queryError(e, requestId, service);
        } catch (RuntimeException e) {
            LOG.warn("Query request {} ({}) failed unexpectedly", requestId, action, e);
            return queryError(new AwsServiceException("InternalFailure", 500, "An internal error occurred.", "Message"),
                    requestId, service);
        }
    }

    private static JsonNode parseJson(byte[] body) {
        if (body.length == 0) {
            return AwsJson.object();
        }
        try {
            JsonNode node = AwsJson.mapper().readTree(body);
            if (node == null || node.isMissingNode()) {
                return AwsJson.object();
            }
            if (!node.isObject()) {
                throw CommonErrors.serialization("Start of structure or map expected, but the payload is a "
                        + node.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            return node;
        } catch (JacksonException e) {
            throw CommonErrors.serialization("The request body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw CommonErrors.serialization("The request body cannot be read");
        }
    }

    private static Map<String, String> formParameters(SignedHttpRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String source : List.of(request.rawQuery(), new String(request.body(), StandardCharsets.UTF_8))) {
            for (String pair : source.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                try {
                    String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    params.putIfAbsent(key, value);
                } catch (IllegalArgumentException e) {
                    throw new AwsServiceException("MalformedQueryString", 400,
                            "The query string or form body has an invalid percent-encoding", "message");
                }
            }
        }
        return params;
    }

    private ApiResponse jsonError(AwsServiceException e, String requestId, int status) {
        ObjectNode body = AwsJson.object();
        body.put("__type", e.code());
        if (e.getMessage() != null) {
            body.put(e.messageKey(), e.getMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>(baseHeaders(requestId));
        headers.put("x-amzn-ErrorType", e.code());
        try {
            return new ApiResponse(status, AwsJson.CONTENT_TYPE, AwsJson.mapper().writeValueAsBytes(body), headers);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The error document in {@code service}'s namespace (the default service's when the version named none). */
    private ApiResponse queryError(AwsServiceException e, String requestId, QueryService service) {
        String namespace = (service != null ? service : defaultQueryService).xmlNamespace();
        String xml = "<ErrorResponse xmlns=\"" + namespace + "\">"
                + "<Error>" + Xml.element("Type", e.isSenderFault() ? "Sender" : "Receiver")
                + Xml.element("Code", e.code())
                + (e.getMessage() == null ? "" : Xml.element("Message", e.getMessage()))
                + "</Error>" + Xml.element("RequestId", requestId) + "</ErrorResponse>";
        return new ApiResponse(e.status(), "text/xml", xml.getBytes(StandardCharsets.UTF_8), baseHeaders(requestId));
    }

    private Map<String, String> baseHeaders(String requestId) {
        return Map.of("x-amzn-RequestId", requestId,
                "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atOffset(ZoneOffset.UTC)));
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
