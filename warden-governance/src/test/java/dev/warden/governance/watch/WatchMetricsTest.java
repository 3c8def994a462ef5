package dev.warden.governance.watch;

import static dev.warden.governance.testing.GovernedSandbox.DB_PROD;
import static dev.warden.governance.testing.GovernedSandbox.WEB_DEV;
import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} after a watch run: it parses as the Prometheus text format, and its counters are the run's as
 * the audit trail records it (terminations, violations, alert failures), its gauges the sessions left.
 */
class WatchMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant ALWAYS = Instant.parse("2100-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private WatchRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theMetricsPageParsesAndItsCountersAreTheRunsAsTheTrailRecordsIt() throws Exception {
        // Every alert also goes to a topic that does not exist: each fails, after its retries.
        rig = new WatchRig(dir, StoreKind.SQLITE, """
                events:
                  http: {url: "%s", headerName: x-api-key, headerValue: test-events-key-7f3a}
                """, ", snsTopics: [arn:aws:sns:us-east-1:123456789012:nobody]");
        rig.startWatch(Duration.ofSeconds(2));
        String soon = rig.startProdSessionReachingLimitIn(WEB_PROD, Duration.ofSeconds(3));
        String over = rig.startProdSessionReachingLimitIn(DB_PROD, Duration.ofSeconds(-30));
        String young = rig.ssm.startSession(r -> r.target(WEB_DEV)).sessionId();
        await().atMost(WAIT).until(() -> rig.records(RecordKind.ACTION, soon).size() == 1
                && rig.records(RecordKind.ACTION, over).size() == 1);
        // A pass after both: its duration is measured, and it finds nothing more to do.
        Instant afterBoth = Instant.now();
        await().atMost(WAIT).until(() -> rig.trail.records(RecordKind.OBSERVATION, afterBoth, ALWAYS).stream()
                .anyMatch(r -> r.subject().sessionId() == null));
        rig.watch.get().close(); // quiet: no timer, pass or alert runs while the page is read

        PrometheusText metrics = PrometheusText.parse(rig.scrapeMetrics());

        List<JsonNode> actions = payloads(RecordKind.ACTION);
        long terminated = actions.stream().filter(a -> a.get("outcome").asText().equals("TERMINATED")).count();
        assertThat(terminated).isEqualTo(2);
        assertThat(metrics.sum("warden_terminations_total", Map.of("outcome", "terminated"))).isEqualTo(terminated);
        assertThat(metrics.sum("warden_terminations_total", Map.of())).isEqualTo(actions.size());
        assertThat(metrics.sum("warden_violations_total", Map.of("tier", "prod")))
                .isEqualTo(actions.size() + payloads(RecordKind.EXEMPTION_USE).size());
        assertThat(metrics.sum("warden_time_to_terminate_seconds_count", Map.of())).isEqualTo(terminated);
        double slowest = actions.stream().mapToLong(a -> a.get("timeToTerminateMillis").asLong()).max().orElseThrow();
        assertThat(metrics.sum("warden_time_to_terminate_seconds_max", Map.of())).isEqualTo(slowest / 1000.0);

        List<JsonNode> alerts = payloads(RecordKind.ALERT);
        long failed = alerts.stream().filter(a -> !a.get("sent").asBoolean()).count();
        assertThat(failed).isPositive();
        assertThat(metrics.sum("warden_alert_failures_total", Map.of())).isEqualTo(failed);
        assertThat(metrics.sum("warden_alerts_sent_total", Map.of())).isEqualTo(alerts.size() - failed);

        assertThat(metrics.sum("warden_pass_duration_seconds_count", Map.of())).isGreaterThanOrEqualTo(2);
        assertThat(metrics.sum("warden_events_total", Map.of("type", "StartSession", "outcome", "handled")))
                .isEqualTo(3);
        assertThat(metrics.sum("warden_event_lag_seconds_count", Map.of())).isGreaterThanOrEqualTo(3);
        assertThat(metrics.sum("warden_sessions", Map.of("tier", "default", "state", "watched"))).isEqualTo(1);
        assertThat(metrics.sum("warden_sessions", Map.of("tier", "prod"))).isZero();
        assertThat(rig.watch.get().watchedSessions().get(new SessionKey("123456789012", "us-east-1", young)))
                .isPresent();
    }

    @Test
    void theParserRefusesWhatTheFormatDoesNotAllow() {
        assertThat(PrometheusText.parse("# HELP a_total As.\n# TYPE a_total counter\na_total{b=\"x\\\"y\"} 1.5e3\n")
                .sum("a_total", Map.of("b", "x\"y"))).isEqualTo(1500);
        assertThat(PrometheusText.parse("# TYPE h histogram\nh_bucket{le=\"1.0\"} 1\nh_bucket{le=\"+Inf\"} 2\n"
                + "h_count 2\nh_sum 3.0\n").sum("h_count", Map.of())).isEqualTo(2);
        for (String bad : List.of("# TYPE a counter\na 1", "# TYPE a counter\na_total 1\n", "# TYPE a counter\na{b=\"c} 1\n", "a 1\n",
                "# TYPE a gauge\na{1b=\"c\"} 1\n", "# TYPE a gauge\na one\n", "# TYPE a gauge\na 1\n# TYPE a gauge\n",
                "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_count 2\n")) {
            assertThatIllegalArgumentException().isThrownBy(() -> PrometheusText.parse(bad));
        }
    }

    private List<JsonNode> payloads(RecordKind kind) {
        return rig.trail.records(kind, Instant.EPOCH, ALWAYS).stream().map(r -> Payloads.decode(r.payload())).toList();
    }
}
