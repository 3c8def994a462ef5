package dev.warden.sandbox.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.sandbox.protocol.AwsJson;
import dev.warden.sandbox.protocol.AwsServiceException;
import dev.warden.sandbox.protocol.CallContext;
import dev.warden.sandbox.protocol.JsonOperation;
import dev.warden.sandbox.protocol.JsonService;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * SQS over the AWS JSON 1.0 protocol ({@code X-Amz-Target: AmazonSQS.<Operation>}, signing name {@code sqs}),
 * standard queues only: CreateQueue, GetQueueUrl, GetQueueAttributes, SendMessage, ReceiveMessage with long
 * polling and visibility timeouts, DeleteMessage and ChangeMessageVisibility. Queue URLs are
 * {@code <endpoint>/<account>/<name>}; a queue belongs to its account and to the region of the signature.
 */
public final class SqsApi {

    private static final Pattern QUEUE_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,80}$");
    private static final int MAX_BODY_BYTES = 256 * 1024;

    private final Queues queues;
    private final Supplier<URI> endpoint;

    private SqsApi(Queues queues, Supplier<URI> endpoint) {
        this.queues = queues;
        this.endpoint = endpoint;
    }

    /** @param endpoint the sandbox's endpoint, the base of queue URLs (asked per call: known once started) */
    public static JsonService create(Queues queues, Supplier<URI> endpoint) {
        SqsApi api = new SqsApi(queues, endpoint);
        Map<String, JsonOperation> ops = new LinkedHashMap<>();
        ops.put("CreateQueue", api::createQueue);
        ops.put("GetQueueUrl", api::getQueueUrl);
        ops.put("GetQueueAttributes", api::getQueueAttributes);
        ops.put("SendMessage", api::sendMessage);
        ops.put("ReceiveMessage", api::receiveMessage);
        ops.put("DeleteMessage", api::deleteMessage);
        ops.put("ChangeMessageVisibility", api::changeMessageVisibility);
        return new JsonService("AmazonSQS", "sqs", "InternalError", ops);
    }

    private ObjectNode createQueue(JsonNode in, CallContext context) {
        String name = queueName(in);
        if (name.endsWith(".fifo")) {
            throw invalidParameter("The sandbox has standard queues only");
        }
        Duration visibility = in.path("Attributes").has("VisibilityTimeout")
                ? seconds(in.path("Attributes").path("VisibilityTimeout").asText(), "VisibilityTimeout", 0, 43200)
                : Queues.DEFAULT_VISIBILITY;
        Queue queue = queues.create(context.accountRegion(), name, visibility);
        ObjectNode out = AwsJson.object();
        out.put("QueueUrl", url(queue));
        return out;
    }

    private ObjectNode getQueueUrl(JsonNode in, CallContext context) {
        String name = queueName(in);
        Queue queue = queues.find(context.accountRegion(), name).orElseThrow(SqsApi::noSuchQueue);
        ObjectNode out = AwsJson.object();
        out.put("QueueUrl", url(queue));
        return out;
    }

    private ObjectNode getQueueAttributes(JsonNode in, CallContext context) {
        Queue queue = queue(in, context);
        int[] counts = queue.counts();
        ObjectNode out = AwsJson.object();
        ObjectNode attributes = out.putObject("Attributes");
        attributes.put("ApproximateNumberOfMessages", Integer.toString(counts[0]));
        attributes.put("ApproximateNumberOfMessagesNotVisible", Integer.toString(counts[1]));
        attributes.put("VisibilityTimeout", Long.toString(queue.visibilityTimeout().toSeconds()));
        attributes.put("QueueArn", "arn:aws:sqs:" + queue.placement().region() + ":"
                + queue.placement().accountId() + ":" + queue.name());
        return out;
    }

    private ObjectNode sendMessage(JsonNode in, CallContext context) {
        Queue queue = queue(in, context);
        String body = AwsJson.requiredString(in, "MessageBody");
        if (body.isEmpty() || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw invalidParameter("The message body must be 1 byte to 256 KiB long");
        }
        int delay = AwsJson.integer(in, "DelaySeconds").orElse(0);
        if (delay < 0 || delay > 900) {
            throw invalidParameter("Value " + delay + " for parameter DelaySeconds is invalid. Reason: must be"
                    + " between 0 and 900");
        }
        String id = queue.send(body, Duration.ofSeconds(delay));
        ObjectNode out = AwsJson.object();
        out.put("MessageId", id);
        out.put("MD5OfMessageBody", md5(body));
        return out;
    }

    private ObjectNode receiveMessage(JsonNode in, CallContext context) {
        Queue queue = queue(in, context);
        int max = AwsJson.integer(in, "MaxNumberOfMessages").orElse(1);
        if (max < 1 || max > 10) {
            throw invalidParameter("Value " + max + " for parameter MaxNumberOfMessages is invalid. Reason: Must be"
                    + " between 1 and 10, if provided.");
        }
        int wait = AwsJson.integer(in, "WaitTimeSeconds").orElse(0);
        if (wait < 0 || wait > 20) {
            throw invalidParameter("Value " + wait + " for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0"
                    + " and <= 20, if provided.");
        }
        Duration visibility = AwsJson.integer(in, "VisibilityTimeout")
                .map(v -> seconds(Integer.toString(v), "VisibilityTimeout", 0, 43200)).orElse(null);
        List<Queue.Received> batch;
        try {
            batch = queue.receive(max, visibility, Duration.ofSeconds(wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch = List.of();
        }
        ObjectNode out = AwsJson.object();
        if (!batch.isEmpty()) {
            ArrayNode messages = out.putArray("Messages");
            for (Queue.Received m : batch) {
                ObjectNode json = messages.addObject();
                json.put("MessageId", m.messageId());
                json.put("ReceiptHandle", m.receiptHandle());
                json.put("MD5OfBody", md5(m.body()));
                json.put("Body", m.body());
                ObjectNode attributes = json.putObject("Attributes");
                attributes.put("ApproximateReceiveCount", Integer.toString(m.receiveCount()));
                attributes.put("SentTimestamp", Long.toString(m.sentAt().toEpochMilli()));
            }
        }
        return out;
    }

    private ObjectNode deleteMessage(JsonNode in, CallContext context) {
        Queue queue = queue(in, context);
        // As SQS: a stale handle of a message received again (or already deleted) succeeds without effect.
        queue.delete(receiptHandle(in));
        return AwsJson.object();
    }

    private ObjectNode changeMessageVisibility(JsonNode in, CallContext context) {
        Queue queue = queue(in, context);
        Duration timeout = seconds(Integer.toString(AwsJson.integer(in, "VisibilityTimeout").orElseThrow(
                () -> invalidParameter("VisibilityTimeout is required"))), "VisibilityTimeout", 0, 43200);
        if (!queue.changeVisibility(receiptHandle(in), timeout)) {
            throw new AwsServiceException("ReceiptHandleIsInvalid", 400, "The receipt handle is not valid for a"
                    + " message in flight", "message");
        }
        return AwsJson.object();
    }

    private Queue queue(JsonNode in, CallContext context) {
        String url = AwsJson.requiredString(in, "QueueUrl");
        String[] path = URI.create(url).getPath().split("/");
        if (path.length < 3) {
            throw noSuchQueue();
        }
        String account = path[path.length - 2];
        if (!account.equals(context.principal().accountId())) {
            throw new AwsServiceException("AccessDenied", 403, "Access to the resource " + url + " is denied.",
                    "message");
        }
        return queues.find(context.accountRegion(), path[path.length - 1]).orElseThrow(SqsApi::noSuchQueue);
    }

    private String url(Queue queue) {
        return endpoint.get() + "/" + queue.placement().accountId() + "/" + queue.name();
    }

    private static String queueName(JsonNode in) {
        String name = AwsJson.requiredString(in, "QueueName");
        if (!QUEUE_NAME.matcher(name.endsWith(".fifo") ? name.substring(0, name.length() - 5) : name).matches()) {
            throw invalidParameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in"
                    + " length");
        }
        return name;
    }

    private static String receiptHandle(JsonNode in) {
        String handle = AwsJson.requiredString(in, "ReceiptHandle");
        if (handle.isEmpty()) {
            throw new AwsServiceException("ReceiptHandleIsInvalid", 400, "The input receipt handle is invalid.",
                    "message");
        }
        return handle;
    }

    private static Duration seconds(String text, String name, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return Duration.ofSeconds(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalidParameter("Invalid value for the parameter " + name);
    }


    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    private static AwsServiceException noSuchQueue() {
        return new AwsServiceException("QueueDoesNotExist", 400, "The specified queue does not exist.", "message");
    }

    private static AwsServiceException invalidParameter(String message) {
        return new AwsServiceException("InvalidParameterValue", 400, message, "message");
    }
}
