package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.SandboxFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ValidationException;

/**
 * CloudWatch Logs through the AWS SDK: log groups with their KMS keys, and the log streams of sessions whose
 * preferences stream to a group, with the time of their last event.
 */
class LogsSdkTest {

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String GROUP = "/warden/sessions";
    private static SandboxFixture sandbox;
    private static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        sandbox = new SandboxFixture(SandboxConfigLoader.fromYaml("""
                session:
                  preferences:
                    cloudWatchLogGroupName: /warden/sessions
                logs:
                  groups:
                    - {name: /warden/sessions, kmsKeyId: "%s"}
                    - {name: /plain/group}
                """.formatted(KEY), "logs.yaml"));
        logs = CloudWatchLogsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(SandboxFixture.ALICE))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stop() {
        logs.close();
        sandbox.close();
    }

    @Test
    void logGroupsShowTheirKmsKeys() {
        List<LogGroup> groups = logs.describeLogGroups(r -> r.logGroupNamePrefix("/")).logGroups();
        assertThat(groups).extracting(LogGroup::logGroupName).containsExactly("/plain/group", GROUP);
        assertThat(groups.get(1).kmsKeyId()).isEqualTo(KEY);
        assertThat(groups.get(0).kmsKeyId()).isNull();
    }

    @Test
    void aGroupCanBeCreatedAndEncrypted() {
        logs.createLogGroup(r -> r.logGroupName("/created/here"));
        assertThatThrownBy(() -> logs.createLogGroup(r -> r.logGroupName("/created/here")))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        logs.associateKmsKey(r -> r.logGroupName("/created/here").kmsKeyId(KEY));
        assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/created")).logGroups().get(0).kmsKeyId())
                .isEqualTo(KEY);
    }

    @Test
    void aSessionStreamsToItsGroupAndItsLastEventIsItsLastActivity() {
        String sessionId = sandbox.ssm().startSession(r -> r.target("i-0a1b2c3d4e5f60001")).sessionId();
        LogStream fresh = stream(sessionId);
        assertThat(fresh.lastEventTimestamp()).as("no event before any activity").isNull();

        sandbox.clock().advance(Duration.ofMinutes(3));
        sandbox.server().sessions().recordActivity(sessionId);
        Instant active = sandbox.clock().instant();
        assertThat(stream(sessionId).lastEventTimestamp()).isEqualTo(active.toEpochMilli());
        assertThat(logs.describeLogStreams(r -> r.logGroupName(GROUP).orderBy(OrderBy.LAST_EVENT_TIME)
                .descending(true)).logStreams().get(0).logStreamName()).isEqualTo(sessionId);
        assertThat(logs.describeLogStreams(r -> r.logGroupName("/plain/group")).logStreams()).isEmpty();
    }

    @Test
    void streamsArePagedMostRecentFirstAndTheThrottlingFaultAppliesToThem() {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            started.add(sandbox.ssm().startSession(r -> r.target("i-0a1b2c3d4e5f60001")).sessionId());
            sandbox.clock().advance(Duration.ofMillis(100));
        }
        sandbox.server().sessions().recordActivity(started.get(0));
        long before = sandbox.server().apiCalls().count("logs", "DescribeLogStreams");

        List<String> listed = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            DescribeLogStreamsResponse page = logs.describeLogStreams(r -> r.logGroupName(GROUP)
                    .orderBy(OrderBy.LAST_EVENT_TIME).descending(true).limit(50).nextToken(next));
            assertThat(page.logStreams()).hasSizeLessThanOrEqualTo(50);
            page.logStreams().forEach(l -> listed.add(l.logStreamName()));
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertThat(listed).containsAll(started).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo((listed.size() + 49) / 50);
        assertThat(sandbox.server().apiCalls().count("logs", "DescribeLogStreams") - before).isEqualTo(pages);
        assertThat(listed.get(0)).as("the one with the latest event first").isEqualTo(started.get(0));
        // Without events a stream sorts by its creation: the last started comes next.
        assertThat(listed.get(1)).isEqualTo(started.get(119));
        assertThatThrownBy(() -> logs.describeLogStreams(r -> r.logGroupName(GROUP).limit(51)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("less than or equal to 50");
        assertThatThrownBy(() -> logs.describeLogStreams(r -> r.logGroupName(GROUP).orderBy(OrderBy.LAST_EVENT_TIME)
                .logStreamNamePrefix("alice"))).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Cannot order by LastEventTime with a logStreamNamePrefix");

        sandbox.server().throttling().throttle(1.0, Set.of("DescribeLogStreams"));
        try {
            assertThatThrownBy(() -> logs.describeLogStreams(r -> r.logGroupName(GROUP)))
                    .isInstanceOf(CloudWatchLogsException.class)
                    .satisfies(e -> assertThat(((CloudWatchLogsException) e).awsErrorDetails().errorCode())
                            .isEqualTo("ThrottlingException"));
            assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/")).logGroups()).isNotEmpty();
        } finally {
            sandbox.server().throttling().throttle(0, Set.of());
        }
    }

    @Test
    void aMissingGroupIsResourceNotFound() {
        assertThatThrownBy(() -> logs.describeLogStreams(r -> r.logGroupName("/nowhere")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    private static LogStream stream(String sessionId) {
        return logs.describeLogStreams(r -> r.logGroupName(GROUP).logStreamNamePrefix(sessionId)).logStreams().stream()
                .filter(s -> s.logStreamName().equals(sessionId)).findFirst().orElseThrow();
    }
}
