package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.sns.PublishedMessage;
import dev.warden.sandbox.testing.SandboxFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.SnsException;

/** SNS CreateTopic and Publish through the AWS SDK, the delivered messages read back from the sandbox. */
class SnsSdkTest {

    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:warden-alerts";
    private static SandboxFixture sandbox;

    @BeforeAll
    static void start() {
        sandbox = new SandboxFixture(SandboxConfigLoader.fromYaml("""
                regions: [us-east-1, eu-west-1]
                sns:
                  topics: [arn:aws:sns:us-east-1:123456789012:warden-alerts]
                """, "sns.yaml"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aPublishedMessageIsDeliveredToItsTopic() {
        String id = sns(SandboxFixture.ALICE, "us-east-1").publish(r -> r.topicArn(TOPIC).subject("violation")
                .message("{\"session\":\"alice-0123\"}")).messageId();

        List<PublishedMessage> delivered = sandbox.server().sns().published(TOPIC);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).messageId()).isEqualTo(id);
        assertThat(delivered.get(0).subject()).isEqualTo("violation");
        assertThat(delivered.get(0).message()).isEqualTo("{\"session\":\"alice-0123\"}");
        assertThat(delivered.get(0).publisher()).isEqualTo("arn:aws:iam::123456789012:user/alice");
    }

    @Test
    void aTopicThatDoesNotExistInTheCallersRegionIsNotFound() {
        assertThatThrownBy(() -> sns(SandboxFixture.ALICE, "us-east-1").publish(r -> r.topicArn(
                "arn:aws:sns:us-east-1:123456789012:nobody").message("x"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sns(SandboxFixture.ALICE, "eu-west-1").publish(r -> r.topicArn(TOPIC).message("x")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void createTopicMakesATopicOfTheCallersAccountAndRegion() {
        SnsClient west = sns(SandboxFixture.BOB, "eu-west-1");
        String arn = west.createTopic(r -> r.name("west-alerts")).topicArn();
        assertThat(arn).isEqualTo("arn:aws:sns:eu-west-1:123456789012:west-alerts");
        west.publish(r -> r.topicArn(arn).message("hello"));
        assertThat(sandbox.server().sns().published(arn)).extracting(PublishedMessage::message).containsExactly("hello");
    }

    @Test
    void anEmptyMessageIsAnInvalidParameter() {
        assertThatThrownBy(() -> sns(SandboxFixture.ALICE, "us-east-1").publish(r -> r.topicArn(TOPIC).message("")))
                .isInstanceOfSatisfying(SnsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameter"));
    }

    private static SnsClient sns(AwsCredentials credentials, String region) {
        return SnsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
