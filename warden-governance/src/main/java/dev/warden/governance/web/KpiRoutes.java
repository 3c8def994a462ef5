package dev.warden.governance.web;

import dev.warden.governance.kpi.KpiReport;
import dev.warden.governance.kpi.Kpis;
import dev.warden.governance.trail.AuditTrail;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The KPIs of the last {@code days} (default 365), computed by {@link Kpis} like every other report: the figures
 * in the page itself, the series over weeks and quarters from {@code /api/kpis} for the charts (uPlot, served from
 * its webjar).
 */
final class KpiRoutes {

    static final int DEFAULT_DAYS = 365;

    private final AuditTrail trail;
    private final Clock clock;
    private final Guard guard;

    KpiRoutes(AuditTrail trail, Clock clock, Guard guard) {
        this.trail = trail;
        this.clock = clock;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/kpis", guard.page(this::page));
        routes.get("/api/kpis", guard.read(ctx -> ctx.json(series(report(ctx)))));
    }

    private KpiReport report(Context ctx) {
        int days = SessionsRoutes.intParam(ctx, "days", DEFAULT_DAYS, 1, 3660);
        Instant now = clock.instant();
        // The end is exclusive: a record appended this very millisecond still counts.
        return Kpis.compute(trail, now.minus(Duration.ofDays(days)), now.plusMillis(1));
    }

    private void page(Context ctx) {
        KpiReport k = report(ctx);
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"status\">From ").append(Html.time(k.from())).append(" to ").append(Html.time(k.to()))
                .append(" (definitions in docs/governance.md).</p>")
                .append("<dl id=\"kpi-figures\" class=\"figures\">")
                .append(figure("kpi-terminations", "Automatic terminations", String.valueOf(k.terminations())))
                .append(figure("kpi-mean", "Mean time to terminate", k.meanTimeToTerminate().map(Html::duration)
                        .orElse("none")))
                .append(figure("kpi-p90", "p90 time to terminate", k.p90TimeToTerminate().map(Html::duration)
                        .orElse("none")))
                .append(figure("kpi-coverage", "Coverage", k.coverage().map(c -> c.covered() + " of "
                        + c.instances() + " instances (" + Math.round(100 * c.share()) + "%)").orElse("not audited")))
                .append("</dl>");
        b.append("<section><h2>Sessions over their maximum, per week and tier</h2>")
                .append("<div id=\"chart-weeks\" class=\"chart\"></div><table id=\"kpi-weeks\"><thead><tr>")
                .append("<th>Week</th><th>Tier</th><th>Sessions</th></tr></thead><tbody>");
        for (KpiReport.WeekTierCount c : k.overMaxPerWeekAndTier()) {
            b.append("<tr><td>").append(Html.e(c.week())).append("</td><td>").append(Html.e(c.tier()))
                    .append("</td><td>").append(c.sessions()).append("</td></tr>");
        }
        b.append("</tbody></table></section><section><h2>Findings per quarter</h2>")
                .append("<div id=\"chart-quarters\" class=\"chart\"></div><table id=\"kpi-quarters\"><thead><tr>")
                .append("<th>Quarter</th><th>Findings</th></tr></thead><tbody>");
        for (KpiReport.QuarterCount c : k.findingsPerQuarter()) {
            b.append("<tr><td>").append(Html.e(c.quarter())).append("</td><td>").append(c.findings())
                    .append("</td></tr>");
        }
        b.append("</tbody></table></section>");
        ctx.html(Html.page("KPIs", "/kpis", Guard.session(ctx), b.toString(),
                Dashboard.UPLOT + "/dist/uPlot.min.css", Dashboard.UPLOT + "/dist/uPlot.iife.min.js",
                "/static/kpis.js"));
    }

    private static String figure(String id, String label, String value) {
        return "<div><dt>" + label + "</dt><dd id=\"" + id + "\">" + Html.e(value) + "</dd></div>";
    }

    /** Series the charts draw: weeks × tiers (zero where a tier had none that week), quarters. */
    static Map<String, Object> series(KpiReport k) {
        TreeSet<String> weeks = new TreeSet<>();
        TreeSet<String> tiers = new TreeSet<>();
        k.overMaxPerWeekAndTier().forEach(c -> {
            weeks.add(c.week());
            tiers.add(c.tier());
        });
        List<String> weekList = new ArrayList<>(weeks);
        Map<String, long[]> perTier = new LinkedHashMap<>();
        tiers.forEach(t -> perTier.put(t, new long[weekList.size()]));
        k.overMaxPerWeekAndTier().forEach(c -> perTier.get(c.tier())[weekList.indexOf(c.week())] = c.sessions());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("weeks", weekList);
        body.put("overMaxPerTier", perTier);
        body.put("quarters", k.findingsPerQuarter().stream().map(KpiReport.QuarterCount::quarter).toList());
        body.put("findings", k.findingsPerQuarter().stream().map(KpiReport.QuarterCount::findings).toList());
        body.put("terminations", k.terminations());
        body.put("meanTimeToTerminateSeconds", k.meanTimeToTerminate().map(Duration::toSeconds).orElse(null));
        body.put("p90TimeToTerminateSeconds", k.p90TimeToTerminate().map(Duration::toSeconds).orElse(null));
        return body;
    }
}
