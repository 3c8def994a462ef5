package dev.warden.sandbox.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.auth.Principal;
import dev.warden.sandbox.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The registry the data plane shares with the API: transitions, tokens, timeouts and listener guarantees. */
class SessionRegistryTest {

    private static final Principal ALICE =
            new Principal("arn:aws:iam::123456789012:user/alice", "123456789012", "AIDAALICE");
    private static final Principal ROLE_SESSION = new Principal(
            "arn:aws:sts::123456789012:assumed-role/Admin/carol.smith@example.com", "123456789012", "AROAX:carol");

    private final MutableClock clock = new MutableClock();
    private final SessionRegistry registry = new SessionRegistry(clock, Duration.ofMinutes(10));
    private final List<String> events = new CopyOnWriteArrayList<>();

    SessionRegistryTest() {
        clock.fixAt(Instant.parse("2026-03-01T12:00:00Z"));
        registry.addListener(new SessionListener() {
            @Override
            public void onStatusChanged(SessionSnapshot before, SessionSnapshot after) {
                events.add(before.status() + "->" + after.status());
            }

            @Override
            public void onTerminated(SessionSnapshot session, Termination termination) {
                events.add("terminated:" + termination.cause() + ":" + termination.message());
            }
        });
    }

    @Test
    void aSessionGoesThroughTheLifecycleTheDataPlaneDrives() {
        SessionGrant grant = start(ALICE, prefs(20, null));
        String id = grant.session().sessionId();

        assertThat(registry.markConnected(id).status()).isEqualTo(SessionStatus.Connected);
        assertThat(registry.markDisconnected(id).status()).isEqualTo(SessionStatus.Disconnected);
        assertThat(registry.markConnected(id).status()).isEqualTo(SessionStatus.Connected);
        assertThat(registry.markTerminating(id).status()).isEqualTo(SessionStatus.Terminating);
        SessionSnapshot ended = registry.terminate(id, Termination.of(TerminationCause.SESSION_ENDED)).orElseThrow();

        assertThat(ended.status()).isEqualTo(SessionStatus.Terminated);
        assertThat(ended.endDate()).isEqualTo(clock.instant());
        assertThat(events).containsExactly("Connecting->Connected", "Connected->Disconnected",
                "Disconnected->Connected", "Connected->Terminating", "Terminating->Terminated",
                "terminated:SESSION_ENDED:");
        assertThatThrownBy(() -> registry.markConnected(id)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sessionIdsFollowAwsFormatForUsersAndRoleSessions() {
        assertThat(start(ALICE, prefs(20, null)).session().sessionId()).matches("alice-[0-9a-f]{17}");
        assertThat(start(ROLE_SESSION, prefs(20, null)).session().sessionId())
                .matches("carol\\.smith@example\\.com-[0-9a-f]{17}");
    }

    @Test
    void onlyTheLatestUnexpiredTokenOfAnActiveSessionIsValid() {
        SessionGrant first = start(ALICE, prefs(20, null));
        String id = first.session().sessionId();
        assertThat(registry.isValidToken(id, first.token().value())).isTrue();
        assertThat(registry.isValidToken(id, "forged")).isFalse();
        assertThat(registry.isValidToken("other-0000", first.token().value())).isFalse();
        assertThat(registry.isValidToken(id, null)).isFalse();

        SessionGrant resumed = registry.resume(id).orElseThrow();
        assertThat(resumed.session().cellNumber()).isNotEqualTo(first.session().cellNumber());
        assertThat(registry.isValidToken(id, first.token().value())).isFalse();
        assertThat(registry.isValidToken(id, resumed.token().value())).isTrue();

        clock.advance(Duration.ofMinutes(10));
        assertThat(registry.isValidToken(id, resumed.token().value())).as("expired").isFalse();
        assertThat(resumed.token().toString()).doesNotContain(resumed.token().value());
    }

    @Test
    void resumeOfAnEndedSessionIsEmptyAndOfAnUnknownOneThrows() {
        String id = start(ALICE, prefs(20, null)).session().sessionId();
        registry.terminate(id, Termination.of(TerminationCause.TERMINATE_SESSION));

        assertThat(registry.resume(id)).isEmpty();
        assertThatThrownBy(() -> registry.resume("nobody-1")).isInstanceOf(NoSuchSessionException.class);
        assertThat(registry.terminate("nobody-1", Termination.of(TerminationCause.TERMINATE_SESSION))).isEmpty();
    }

    @Test
    void idleSessionsEndAfterTheirIdleTimeoutAndActivityPostponesIt() {
        String idle = start(ALICE, prefs(20, null)).session().sessionId();
        String busy = start(ALICE, prefs(20, null)).session().sessionId();
        registry.markConnected(busy);

        clock.advance(Duration.ofMinutes(19));
        registry.recordActivity(busy);
        assertThat(registry.terminateOverdue()).isEmpty();
        clock.advance(Duration.ofMinutes(1));

        assertThat(registry.terminateOverdue()).extracting(SessionSnapshot::sessionId).containsExactly(idle);
        assertThat(registry.find(idle).orElseThrow().termination().message())
                .isEqualTo("Your session timed out due to inactivity and has been terminated.");
        assertThat(registry.find(busy).orElseThrow().status()).isEqualTo(SessionStatus.Connected);
        clock.advance(Duration.ofMinutes(19));
        assertThat(registry.terminateOverdue()).extracting(SessionSnapshot::sessionId).containsExactly(busy);
    }

    @Test
    void sessionsEndAtTheirMaximumDurationWhateverTheActivity() {
        String id = start(ALICE, prefs(20, 30)).session().sessionId();
        registry.markConnected(id);
        for (int minute = 0; minute < 29; minute++) {
            clock.advance(Duration.ofMinutes(1));
            registry.recordActivity(id);
            assertThat(registry.terminateOverdue()).isEmpty();
        }
        clock.advance(Duration.ofMinutes(1));

        assertThat(registry.terminateOverdue()).hasSize(1);
        SessionSnapshot s = registry.find(id).orElseThrow();
        assertThat(s.termination().cause()).isEqualTo(TerminationCause.MAX_DURATION);
        assertThat(s.endDate()).isEqualTo(s.startDate().plus(Duration.ofMinutes(30)));
    }

    @Test
    void failedSessionsMoveToHistoryAndNotifyOnce() {
        String id = start(ALICE, prefs(20, null)).session().sessionId();

        SessionSnapshot failed = registry.markFailed(id, "agent refused");

        assertThat(failed.status()).isEqualTo(SessionStatus.Failed);
        assertThat(failed.status().isActive()).isFalse();
        assertThat(events).containsExactly("Connecting->Failed", "terminated:FAILURE:agent refused");
    }

    @Test
    void concurrentTerminationsNotifyExactlyOnce() throws Exception {
        String id = start(ALICE, prefs(20, null)).session().sessionId();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            TerminationCause cause = i % 2 == 0 ? TerminationCause.TERMINATE_SESSION : TerminationCause.IDLE_TIMEOUT;
            futures.add(pool.submit(() -> {
                go.await();
                return registry.terminate(id, Termination.of(cause));
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(events.stream().filter(e -> e.startsWith("terminated:"))).hasSize(1);
        assertThat(events.stream().filter(e -> e.endsWith("->Terminated"))).hasSize(1);
    }

    @Test
    void aFailingListenerDoesNotStopOthersOrTheRegistry() {
        registry.addListener(new SessionListener() {
            @Override
            public void onTerminated(SessionSnapshot session, Termination termination) {
                throw new IllegalStateException("listener bug");
            }
        });
        String id = start(ALICE, prefs(20, null)).session().sessionId();

        assertThat(registry.terminate(id, Termination.of(TerminationCause.TERMINATE_SESSION))).isPresent();
        assertThat(events).contains("terminated:TERMINATE_SESSION:");
    }

    @Test
    void listingIsNewestFirst() {
        String first = start(ALICE, prefs(20, null)).session().sessionId();
        clock.advance(Duration.ofSeconds(1));
        String second = start(ALICE, prefs(20, null)).session().sessionId();

        assertThat(registry.all()).extracting(SessionSnapshot::sessionId).containsExactly(second, first);
    }

    @Test
    void streamUrlsLookLikeAwsAndLeadBackToTheSession() {
        StreamUrls urls = new StreamUrls(() -> java.net.URI.create("ws://127.0.0.1:8444/"));
        String url = urls.streamUrl("alice-0123456789abcdef0", "ab+c/d==");

        assertThat(url).isEqualTo("ws://127.0.0.1:8444/v1/data-channel/alice-0123456789abcdef0"
                + "?role=publish_subscribe&cell-number=ab+c/d==");
        assertThat(StreamUrls.sessionIdOf("/v1/data-channel/alice-0123456789abcdef0")).hasValue("alice-0123456789abcdef0");
        assertThat(StreamUrls.sessionIdOf("/v1/control-channel/i-1")).isEmpty();
    }

    private SessionGrant start(Principal owner, SessionPreferences preferences) {
        SessionDocument document = new SessionDocument("SSM-SessionManagerRunShell", "1", "Standard_Stream", Map.of(),
                null, null);
        return registry.start(new NewSession("i-0a1b2c3d4e5f60001", document, owner, null, preferences));
    }

    private static SessionPreferences prefs(int idleMinutes, Integer maxMinutes) {
        return new SessionPreferences(Duration.ofMinutes(idleMinutes),
                maxMinutes == null ? null : Duration.ofMinutes(maxMinutes), "", "", "", "", "");
    }
}
