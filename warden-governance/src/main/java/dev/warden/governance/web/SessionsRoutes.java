package dev.warden.governance.web;

import dev.warden.governance.Governance;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.policy.AccountScope;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.Tier;
import dev.warden.governance.store.ActiveSession;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.SessionFilter;
import dev.warden.governance.store.SessionPage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The active sessions (the store's live view, filled by every pass): a page whose script pulls
 * {@code /api/sessions} a page at a time, filtered by account, region, tier and principal in the store's indexed
 * query, and refreshes it every few seconds; and the terminate button's {@code POST /api/sessions/terminate}.
 */
final class SessionsRoutes {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final ActiveSessions sessions;
    private final Governance governance;
    private final Policy policy;
    private final Clock clock;
    private final Guard guard;

    SessionsRoutes(ActiveSessions sessions, Governance governance, Policy policy, Clock clock, Guard guard) {
        this.sessions = sessions;
        this.governance = governance;
        this.policy = policy;
        this.clock = clock;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/", guard.page(this::page));
        routes.get("/api/sessions", guard.read(this::list));
        routes.post("/api/sessions/terminate", guard.change(this::terminate));
    }

    private void page(Context ctx) {
        StringBuilder b = new StringBuilder();
        b.append("<form id=\"filters\" class=\"filters\">")
                .append(select("account", "Account", policy.scope().accounts().stream().map(AccountScope::accountId)
                        .toList()))
                .append(select("region", "Region", policy.scope().regions()))
                .append(select("tier", "Tier", tiers()))
                .append("<label>Principal <input name=\"principal\" id=\"filter-principal\" size=\"40\" "
                        + "placeholder=\"arn:aws:iam::…\"></label><button type=\"submit\">Filter</button></form>")
                .append("<p class=\"status\"><span id=\"count\">…</span> <span id=\"updated\"></span></p>")
                .append("<table id=\"sessions\"><thead><tr><th>Session</th><th>Account</th><th>Region</th>")
                .append("<th>Tier</th><th>Principal</th><th>Target</th><th>Owner</th><th>Age</th><th>Time left</th>")
                .append("<th></th></tr></thead><tbody></tbody></table>")
                .append("<p class=\"pager\"><button id=\"prev\" type=\"button\">← Previous</button>")
                .append("<span id=\"range\"></span><button id=\"next\" type=\"button\">Next →</button></p>");
        if (Guard.session(ctx).holder().role().canChange()) {
            b.append("<dialog id=\"terminate-dialog\"><form id=\"terminate-form\" method=\"dialog\">")
                    .append("<h2>Terminate session</h2><p id=\"terminate-what\"></p>")
                    .append("<label>Reason (recorded in the audit trail) <input id=\"terminate-reason\" ")
                    .append("name=\"reason\" required minlength=\"3\" size=\"50\"></label>")
                    .append("<p><button id=\"terminate-confirm\" type=\"submit\" value=\"confirm\">Terminate</button>")
                    .append(" <button id=\"terminate-cancel\" type=\"button\">Cancel</button></p></form></dialog>");
        }
        b.append("<p id=\"terminate-result\" role=\"status\"></p>");
        ctx.html(Html.page("Active sessions", "/", Guard.session(ctx), b.toString(), "/static/sessions.js"));
    }

    private List<String> tiers() {
        List<String> names = new ArrayList<>(policy.tiers().stream().map(Tier::name).toList());
        names.add(policy.defaultTier().name());
        return names;
    }

    private static String select(String name, String label, List<String> values) {
        StringBuilder b = new StringBuilder("<label>").append(label).append(" <select name=\"").append(name)
                .append("\" id=\"filter-").append(name).append("\"><option value=\"\">all</option>");
        values.forEach(v -> b.append("<option>").append(Html.e(v)).append("</option>"));
        return b.append("</select></label>").toString();
    }

    private void list(Context ctx) {
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        SessionFilter filter = new SessionFilter(param(ctx, "account"), param(ctx, "region"), param(ctx, "tier"),
                param(ctx, "principal"));
        SessionPage page = sessions.page(filter, offset, limit);
        Instant now = clock.instant();
        List<Map<String, Object>> rows = new ArrayList<>(page.sessions().size());
        for (ActiveSession s : page.sessions()) {
            rows.add(row(s, now));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", page.total());
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("now", now.toString());
        body.put("sessions", rows);
        ctx.json(body);
    }

    static Map<String, Object> row(ActiveSession s, Instant now) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("accountId", s.accountId());
        r.put("region", s.region());
        r.put("sessionId", s.sessionId());
        r.put("target", s.target());
        r.put("principal", s.principal());
        r.put("tier", s.tier());
        r.put("owner", s.ownerTag().orElse(null));
        r.put("startedAt", s.startedAt().toString());
        Duration age = Duration.between(s.startedAt(), now);
        r.put("age", Html.duration(age));
        r.put("deadline", s.deadline().map(Instant::toString).orElse(null));
        r.put("timeLeft", s.deadline().map(d -> Html.duration(Duration.between(now, d))).orElse(null));
        r.put("timeLeftSeconds", s.deadline().map(d -> Duration.between(now, d).toSeconds()).orElse(null));
        return r;
    }

    record TerminateRequest(String accountId, String region, String sessionId, String reason) {
    }

    private void terminate(Context ctx) {
        TerminateRequest req;
        try {
            req = ctx.bodyAsClass(TerminateRequest.class);
        } catch (RuntimeException e) {
            Guard.refuse(ctx, HttpStatus.BAD_REQUEST, "expected JSON {accountId, region, sessionId, reason}");
            return;
        }
        if (req.reason() == null || req.reason().isBlank()) {
            Guard.refuse(ctx, HttpStatus.BAD_REQUEST, "a reason is required: it is recorded with the termination");
            return;
        }
        Optional<AccountScope> account = policy.scope().accounts().stream()
                .filter(a -> a.accountId().equals(req.accountId())).findFirst();
        if (account.isEmpty() || !policy.scope().regions().contains(req.region()) || req.sessionId() == null
                || req.sessionId().isBlank()) {
            Guard.refuse(ctx, HttpStatus.BAD_REQUEST, "the session must be in the policy's accounts and regions");
            return;
        }
        WebSessions.WebSession who = Guard.session(ctx);
        TerminationOutcome outcome = governance.terminate(policy, account.get(), req.region(), req.sessionId(),
                req.reason().strip() + " (dashboard: " + who.holder().name() + ")");
        if (outcome.status() == TerminationOutcome.Status.TERMINATED) {
            sessions.remove(req.accountId(), req.region(), req.sessionId());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionId", req.sessionId());
        body.put("status", outcome.status().name());
        outcome.error().ifPresent(e -> body.put("error", e));
        ctx.status(outcome.status() == TerminationOutcome.Status.TERMINATED
                || outcome.status() == TerminationOutcome.Status.DRY_RUN ? HttpStatus.OK : HttpStatus.BAD_GATEWAY)
                .json(body);
    }

    static Optional<String> param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(v.strip())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
