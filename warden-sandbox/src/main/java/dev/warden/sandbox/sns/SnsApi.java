package dev.warden.sandbox.sns;

import dev.warden.sandbox.protocol.AwsServiceException;
import dev.warden.sandbox.protocol.CallContext;
import dev.warden.sandbox.protocol.QueryOperation;
import dev.warden.sandbox.protocol.QueryService;
import dev.warden.sandbox.protocol.Xml;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SNS over the query protocol, what alerting needs: CreateTopic and Publish. A topic belongs to the account of
 * the caller and the region of its signature, as in AWS; publishing to a topic that does not exist there is
 * {@code NotFound}.
 */
public final class SnsApi {

    public static final String VERSION = "2010-03-31";
    public static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

    private static final Pattern TOPIC_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,256}$");
    private static final Pattern TOPIC_ARN = Pattern.compile("^arn:aws:sns:([a-z0-9-]+):(\\d{12}):([A-Za-z0-9_-]{1,256})$");
    /** SNS's limit on a message: 256 KiB of UTF-8. */
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private final SnsTopics topics;
    private final Clock clock;

    private SnsApi(SnsTopics topics, Clock clock) {
        this.topics = topics;
        this.clock = clock;
    }

    public static QueryService create(SnsTopics topics, Clock clock) {
        SnsApi api = new SnsApi(topics, clock);
        Map<String, QueryOperation> ops = new LinkedHashMap<>();
        ops.put("CreateTopic", api::createTopic);
        ops.put("Publish", api::publish);
        return new QueryService("sns", VERSION, NAMESPACE, ops);
    }

    private String createTopic(Map<String, String> params, CallContext context) {
        String name = params.get("Name");
        if (name == null || !TOPIC_NAME.matcher(name).matches()) {
            throw invalidParameter("Invalid parameter: Topic Name");
        }
        String arn = "arn:aws:sns:" + context.caller().region() + ":" + context.principal().accountId() + ":" + name;
        topics.create(arn);
        return response("CreateTopic", Xml.element("TopicArn", arn), context);
    }

    private String publish(Map<String, String> params, CallContext context) {
        String topicArn = params.get("TopicArn");
        String message = params.get("Message");
        if (topicArn == null || topicArn.isEmpty()) {
            throw invalidParameter("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        }
        Matcher arn = TOPIC_ARN.matcher(topicArn);
        if (!arn.matches()) {
            throw invalidParameter("Invalid parameter: TopicArn");
        }
        if (message == null || message.isEmpty()) {
            throw invalidParameter("Invalid parameter: Empty message");
        }
        if (message.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            throw invalidParameter("Invalid parameter: Message too long");
        }
        boolean here = arn.group(1).equals(context.caller().region())
                && arn.group(2).equals(context.principal().accountId());
        if (!here || !topics.exists(topicArn)) {
            throw new AwsServiceException("NotFound", 404, "Topic does not exist", "Message");
        }
        String messageId = UUID.randomUUID().toString();
        topics.record(new PublishedMessage(topicArn, messageId, params.get("Subject"), message,
                context.principal().arn(), clock.instant()));
        return response("Publish", Xml.element("MessageId", messageId), context);
    }

    private static AwsServiceException invalidParameter(String message) {
        return new AwsServiceException("InvalidParameter", 400, message, "Message");
    }

    private static String response(String action, String resultBody, CallContext context) {
        return "<" + action + "Response xmlns=\"" + NAMESPACE + "\">"
                + "<" + action + "Result>" + resultBody + "</" + action + "Result>"
                + "<ResponseMetadata>" + Xml.element("RequestId", context.requestId()) + "</ResponseMetadata>"
                + "</" + action + "Response>";
    }
}
