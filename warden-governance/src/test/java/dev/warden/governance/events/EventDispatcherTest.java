package dev.warden.governance.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.governance.watch.WatchServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The event dispatcher: different sessions' events are handled side by side, one session's in their order of
 * arrival, and an event beyond the backlog is refused at once, which the endpoint turns into a 503 for EventBridge
 * to retry. The handlers block on latches, so that nothing here depends on timing.
 */
class EventDispatcherTest {

    private static final long WAIT_SECONDS = 30;

    @Test
    void eventsOfDifferentSessionsAreHandledAtTheSameTime() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        try (EventDispatcher dispatcher = new EventDispatcher(8, 8, e -> {
            bothRunning.countDown();
            await(release);
            return EventIntake.Outcome.HANDLED;
        })) {
            // Two sessions whose lanes differ: with one lane at a time, the second would never start.
            CompletableFuture<EventIntake.Outcome> a = dispatcher.offer(start("s-a")).orElseThrow();
            CompletableFuture<EventIntake.Outcome> b = dispatcher.offer(start(otherLaneThan("s-a", 8))).orElseThrow();

            assertThat(bothRunning.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("both handled at once").isTrue();
            release.countDown();
            assertThat(a.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(EventIntake.Outcome.HANDLED);
            assertThat(b.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(EventIntake.Outcome.HANDLED);
            assertThat(dispatcher.pending()).isZero();
        }
    }

    @Test
    void oneSessionsEventsAreHandledOneAfterAnotherInTheirOrder() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (EventDispatcher dispatcher = new EventDispatcher(8, 8, e -> {
            if (e.type() == SessionEvent.Type.START_SESSION) {
                firstRunning.countDown();
                await(release);
            }
            handled.add(e.type().eventName());
            return EventIntake.Outcome.HANDLED;
        })) {
            CompletableFuture<EventIntake.Outcome> started = dispatcher.offer(start("s-1")).orElseThrow();
            assertThat(firstRunning.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<EventIntake.Outcome> terminated = dispatcher.offer(terminate("s-1")).orElseThrow();

            assertThat(terminated).as("waits for the session's StartSession").isNotDone();
            assertThat(dispatcher.pending()).isEqualTo(2);
            release.countDown();
            terminated.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(started).isDone();
            assertThat(handled).containsExactly("StartSession", "TerminateSession");
        }
    }

    @Test
    void anEventBeyondTheBacklogIsRefusedAndTheEndpointAnswers503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (EventDispatcher dispatcher = new EventDispatcher(1, 2, e -> {
            await(release);
            return EventIntake.Outcome.HANDLED;
        });
             WatchServer server = WatchServer.start("127.0.0.1", 0, routes -> new EventEndpoint("x-api-key",
                     ApiKey.of("k"), body -> CloudTrailEvents.parse(body).flatMap(dispatcher::offer))
                     .register(routes, "/events"))) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(post(http, server, "s-1").statusCode()).isEqualTo(202);
            assertThat(post(http, server, "s-2").statusCode()).isEqualTo(202);

            HttpResponse<String> full = post(http, server, "s-3");
            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(full.headers().firstValue("Retry-After")).contains("1");
            assertThat(dispatcher.offer(start("s-4"))).isEmpty();

            release.countDown();
            Awaitility.await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(() -> dispatcher.pending() == 0);
            assertThat(post(http, server, "s-3").statusCode()).as("room again").isEqualTo(202);
        }
    }

    private static HttpResponse<String> post(HttpClient http, WatchServer server, String sessionId)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/events")).header("x-api-key", "k")
                .POST(HttpRequest.BodyPublishers.ofString(startBody(sessionId))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String startBody(String sessionId) {
        return """
                {"version": "0", "id": "id-%s", "detail-type": "AWS API Call via CloudTrail", "source": "aws.ssm",
                 "account": "123456789012", "time": "2026-12-07T15:00:00Z", "region": "us-east-1",
                 "detail": {"eventName": "StartSession", "requestParameters": {"target": "i-0a1b2c3d4e5f60001"},
                            "responseElements": {"sessionId": "%s"}}}""".formatted(sessionId, sessionId);
    }

    /** A session id whose lane (of {@code lanes}) is not {@code sessionId}'s. */
    private static String otherLaneThan(String sessionId, int lanes) {
        for (int i = 0; ; i++) {
            String other = "s-" + i;
            if (Math.floorMod(("123456789012/us-east-1/" + other).hashCode(), lanes)
                    != Math.floorMod(("123456789012/us-east-1/" + sessionId).hashCode(), lanes)) {
                return other;
            }
        }
    }

    private static SessionEvent start(String sessionId) {
        return event(SessionEvent.Type.START_SESSION, sessionId);
    }

    private static SessionEvent terminate(String sessionId) {
        return event(SessionEvent.Type.TERMINATE_SESSION, sessionId);
    }

    private static SessionEvent event(SessionEvent.Type type, String sessionId) {
        return new SessionEvent(type + "-" + sessionId, type, "123456789012", "us-east-1", Instant.now(),
                Optional.of(sessionId), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
