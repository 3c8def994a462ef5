package dev.warden.governance.metrics;

import dev.warden.governance.PassReport;
import dev.warden.governance.alert.AlertOutcome;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.events.EventIntake;
import dev.warden.governance.events.SessionEvent;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.Tier;
import dev.warden.governance.watch.WatchedSessions;
import dev.warden.governance.watch.WatchListener;
import dev.warden.governance.watch.WatchedSession;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Watch's Prometheus metrics (Micrometer), served at {@code /metrics}:
 *
 * <ul>
 *   <li>{@code warden_sessions{tier,state}}: the sessions watch has timers for, by tier and state (gauge);</li>
 *   <li>{@code warden_violations_total{tier}}: sessions over a limit that watch acted on (terminated, tried
 *       to, or recorded as spared by an exemption);</li>
 *   <li>{@code warden_terminations_total{tier,outcome}}: terminations by outcome ({@code terminated},
 *       {@code unconfirmed}, {@code failed}, {@code dry_run});</li>
 *   <li>{@code warden_time_to_terminate_seconds}: from the limit crossing to the confirmed end (histogram);</li>
 *   <li>{@code warden_alert_failures_total}, {@code warden_alerts_sent_total}: alert channels that failed after
 *       their retries, and that succeeded;</li>
 *   <li>{@code warden_pass_duration_seconds}: safety-net passes;</li>
 *   <li>{@code warden_events_total{type,outcome}} and {@code warden_event_lag_seconds}: events taken, and the time
 *       from an event (CloudTrail's, in whole seconds) to its handling.</li>
 * </ul>
 */
public final class WatchMetrics implements WatchListener {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter alertFailures = Counter.builder("warden.alert.failures")
            .description("Alert channels that failed after their retries").register(registry);
    private final Counter alertsSent = Counter.builder("warden.alerts.sent")
            .description("Alert channels that accepted an alert").register(registry);
    private final Timer timeToTerminate = Timer.builder("warden.time.to.terminate")
            .description("From a session's limit crossing to its confirmed end").publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(30))
            .register(registry);
    private final Timer passDuration = Timer.builder("warden.pass.duration")
            .description("Safety-net enforcement passes").register(registry);
    private final Timer eventLag = Timer.builder("warden.event.lag")
            .description("From an event's time to its handling").publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);

    private final Policy policy;

    public WatchMetrics(Policy policy) {
        this.policy = policy;
    }

    /**
     * Registers the session gauges, one per tier of the policy and state. Separate from the constructor: the
     * metrics exist before the watch whose sessions they count (its engine's alerts report to them).
     */
    public void gaugeSessions(WatchedSessions sessions) {
        List<Tier> tiers = new ArrayList<>(policy.tiers());
        tiers.add(policy.defaultTier());
        for (Tier tier : tiers) {
            for (WatchedSession.State state : WatchedSession.State.values()) {
                Gauge.builder("warden.sessions", sessions, s -> s.all().stream()
                                .filter(w -> w.tier().equals(tier.name()) && w.state() == state).count())
                        .description("Active sessions watch has timers for").tag("tier", tier.name())
                        .tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
            }
        }
    }

    @Override
    public void passCompleted(Duration took, PassReport report) {
        passDuration.record(took);
    }

    @Override
    public void violation(String tier) {
        Counter.builder("warden.violations").description("Sessions over a limit that watch acted on")
                .tag("tier", tier).register(registry).increment();
    }

    @Override
    public void terminated(String tier, TerminationOutcome outcome) {
        Counter.builder("warden.terminations").description("Terminations by outcome").tag("tier", tier)
                .tag("outcome", outcome.status().name().toLowerCase(Locale.ROOT)).register(registry).increment();
        if (outcome.status() == TerminationOutcome.Status.TERMINATED) {
            outcome.timeToTerminate().filter(d -> !d.isNegative()).ifPresent(timeToTerminate::record);
        }
    }

    @Override
    public void eventHandled(SessionEvent event, EventIntake.Outcome outcome, Duration lag) {
        Counter.builder("warden.events").description("Events taken from the endpoint and the queue")
                .tag("type", event.type().eventName()).tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
        if (outcome == EventIntake.Outcome.HANDLED && !lag.isNegative()) {
            eventLag.record(lag);
        }
    }

    /** Every alert channel's outcome (from the {@link dev.warden.governance.alert.Alerter}). */
    public void alertOutcome(AlertOutcome outcome) {
        (outcome.sent() ? alertsSent : alertFailures).increment();
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** Serves {@link #scrape()} at {@code GET /metrics}. */
    public void register(RoutesConfig routes) {
        routes.get("/metrics", ctx -> ctx.contentType(CONTENT_TYPE).result(scrape()));
    }
}
