package dev.warden.sandbox.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.sqs.Queue;
import dev.warden.sandbox.testing.SandboxFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

/**
 * The sandbox's SSM calls reach an EventBridge API destination (a local HTTP receiver, with its API key) and
 * an SQS queue as CloudTrail events, each session's in order, with the session token hidden; failed deliveries are
 * retried; a slow delivery holds up only the events of its own session's lane.
 */
class EventDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> apiKeys = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToAnswer = new AtomicInteger();
    /** The receiver keeps the deliveries of this session's events waiting until {@link #release}. */
    private final AtomicReference<String> heldSession = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer receiver;
    private SandboxFixture sandbox;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/events", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String held = heldSession.get();
            if (held != null && new String(body, StandardCharsets.UTF_8).contains(held)) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
            if (status == 200) {
                received.add(new String(body, StandardCharsets.UTF_8));
                apiKeys.add(exchange.getRequestHeaders().getFirst("x-api-key"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        // Each request on its own thread, as a real API destination's server answers several at once.
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.start();
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        receiver.stop(0);
    }

    @Test
    void sessionCallsArriveAsCloudTrailEventsOnBothTargetsInOrder() throws Exception {
        sandbox = sandbox(0.0);
        SsmClient ssm = sandbox.ssm();
        StartSessionResponse started = ssm.startSession(r -> r.target("i-0a1b2c3d4e5f60001"));
        ssm.describeSessions(r -> r.state("Active")); // read-only: no event
        ssm.terminateSession(r -> r.sessionId(started.sessionId()));

        await().atMost(WAIT).until(() -> received.size() == 2);
        JsonNode start = JSON.readTree(received.get(0));
        assertThat(start.path("source").asText()).isEqualTo("aws.ssm");
        assertThat(start.path("detail-type").asText()).isEqualTo("AWS API Call via CloudTrail");
        assertThat(start.path("account").asText()).isEqualTo(SandboxFixture.ACCOUNT);
        assertThat(start.path("region").asText()).isEqualTo("us-east-1");
        JsonNode detail = start.path("detail");
        assertThat(detail.path("eventName").asText()).isEqualTo("StartSession");
        assertThat(detail.path("eventSource").asText()).isEqualTo("ssm.amazonaws.com");
        assertThat(detail.path("userIdentity").path("arn").asText())
                .isEqualTo("arn:aws:iam::123456789012:user/alice");
        assertThat(detail.path("requestParameters").path("target").asText()).isEqualTo("i-0a1b2c3d4e5f60001");
        assertThat(detail.path("responseElements").path("sessionId").asText()).isEqualTo(started.sessionId());
        assertThat(detail.path("responseElements").path("tokenValue").asText()).isEqualTo(CloudTrailEvent.HIDDEN);
        assertThat(received.get(0)).doesNotContain(started.tokenValue());
        assertThat(JSON.readTree(received.get(1)).path("detail").path("eventName").asText())
                .isEqualTo("TerminateSession");
        assertThat(apiKeys).containsOnly("event-key");

        Queue queue = sandbox.server().queues().find(sandbox.server().config().home(), "ssm-events").orElseThrow();
        List<Queue.Received> queued = queue.receive(10, Duration.ofSeconds(30), Duration.ofSeconds(5));
        assertThat(queued).extracting(m -> JSON.readTree(m.body()).path("detail").path("eventName").asText())
                .containsExactly("StartSession", "TerminateSession");
    }

    @Test
    void aSlowDeliveryHoldsUpOnlyItsOwnSessionsEventsWhichStillArriveInOrder() throws Exception {
        sandbox = sandbox(0.0);
        SsmClient ssm = sandbox.ssm();
        String held = ssm.startSession(r -> r.target("i-0a1b2c3d4e5f60001")).sessionId();
        heldSession.set(held);
        // The held session's StartSession may have gone out before the hold: its TerminateSession is held for sure.
        ssm.terminateSession(r -> r.sessionId(held));
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            others.add(ssm.startSession(r -> r.target("i-0a1b2c3d4e5f60001")).sessionId());
        }

        // Others' events overtake the held one: with 8 lanes, some of six sessions take another lane than it.
        await().atMost(WAIT).until(() -> others.stream()
                .anyMatch(id -> received.stream().anyMatch(b -> b.contains(id))));
        assertThat(received).noneMatch(b -> b.contains(held) && b.contains("TerminateSession"));

        release.countDown();
        await().atMost(WAIT).until(() -> received.size() == 8);
        List<String> heldEvents = new ArrayList<>();
        for (String body : received) {
            if (body.contains(held)) {
                heldEvents.add(JSON.readTree(body).path("detail").path("eventName").asText());
            }
        }
        assertThat(heldEvents).containsExactly("StartSession", "TerminateSession");
    }

    @Test
    void aFailingDestinationIsRetriedUntilItAccepts() {
        failuresToAnswer.set(3);
        sandbox = sandbox(0.0);
        sandbox.ssm().startSession(r -> r.target("i-0a1b2c3d4e5f60001"));

        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(failuresToAnswer.get()).isZero();
        assertThat(sandbox.server().events().lostHttpDeliveries()).isZero();
    }

    @Test
    void theDuplicationFaultDeliversEveryEventTwice() throws Exception {
        sandbox = sandbox(1.0);
        sandbox.ssm().startSession(r -> r.target("i-0a1b2c3d4e5f60001"));

        await().atMost(WAIT).until(() -> received.size() == 2);
        assertThat(JSON.readTree(received.get(0)).path("id")).isEqualTo(JSON.readTree(received.get(1)).path("id"));
    }

    private SandboxFixture sandbox(double duplicateRate) {
        return new SandboxFixture(SandboxConfigLoader.fromYaml("""
                events:
                  sqsQueue: ssm-events
                  duplicateRate: %s
                  http: {url: "http://127.0.0.1:%d/events", headerName: x-api-key, headerValue: event-key}
                """.formatted(duplicateRate, receiver.getAddress().getPort()), "events.yaml"));
    }
}
