package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.config.SandboxConfig;
import dev.warden.sandbox.testing.SandboxFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** SQS standard queues through the AWS SDK (JSON protocol): long polling, visibility, deletion. */
class SqsSdkTest {

    private static SandboxFixture sandbox;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        sandbox = new SandboxFixture(SandboxConfig.defaults());
        sqs = SqsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .credentialsProvider(StaticCredentialsProvider.create(SandboxFixture.ALICE))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        sandbox.close();
    }

    @Test
    void aMessageIsReceivedHiddenWhileInFlightAndGoneOnceDeleted() {
        String url = sqs.createQueue(r -> r.queueName("visibility")).queueUrl();
        assertThat(url).isEqualTo(sandbox.endpoint() + "/123456789012/visibility");
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("{\"eventName\":\"StartSession\"}"));

        List<Message> first = sqs.receiveMessage(r -> r.queueUrl(url).visibilityTimeout(60)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertThat(first).extracting(Message::body).containsExactly("{\"eventName\":\"StartSession\"}");
        assertThat(first.get(0).attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1");
        assertThat(sqs.receiveMessage(r -> r.queueUrl(url)).messages()).as("in flight").isEmpty();

        sandbox.clock().advance(Duration.ofSeconds(61));
        List<Message> again = sqs.receiveMessage(r -> r.queueUrl(url)).messages();
        assertThat(again).extracting(Message::messageId).containsExactly(first.get(0).messageId());
        assertThat(again.get(0).receiptHandle()).isNotEqualTo(first.get(0).receiptHandle());

        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(again.get(0).receiptHandle()));
        assertThat(sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes())
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    }

    @Test
    void aLongPollReturnsAsSoonAsAMessageArrives() throws Exception {
        String url = sqs.createQueue(r -> r.queueName("long-poll")).queueUrl();
        CompletableFuture<List<Message>> polling = CompletableFuture.supplyAsync(
                () -> sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(20)).messages());
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("late"));
        assertThat(polling.get()).extracting(Message::body).containsExactly("late");
    }

    @Test
    void anEmptyQueuesLongPollEndsEmpty() {
        String url = sqs.createQueue(r -> r.queueName("empty")).queueUrl();
        assertThat(sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages()).isEmpty();
    }

    @Test
    void anUnknownQueueDoesNotExist() {
        assertThatThrownBy(() -> sqs.getQueueUrl(r -> r.queueName("nowhere")))
                .isInstanceOf(QueueDoesNotExistException.class);
        assertThatThrownBy(() -> sqs.sendMessage(r -> r.queueUrl(sandbox.endpoint() + "/123456789012/nowhere")
                .messageBody("x"))).isInstanceOf(QueueDoesNotExistException.class);
    }
}
