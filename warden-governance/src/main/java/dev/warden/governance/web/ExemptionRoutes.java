package dev.warden.governance.web;

import dev.warden.governance.policy.Exemption;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.store.GrantedExemption;
import dev.warden.governance.store.GrantedExemptions;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Exemptions: the policy's (read only) and those granted at runtime, which an operator grants (principal pattern
 * and/or target, reason and/or ticket, hours until expiry) and revokes. Both are recorded in the audit trail by
 * {@link GrantedExemptions}; the engine honours them from its next pass.
 */
final class ExemptionRoutes {

    /** A runtime exemption is break-glass: at most a month. */
    static final int MAX_HOURS = 24 * 31;

    private final GrantedExemptions granted;
    private final Policy policy;
    private final Clock clock;
    private final Guard guard;

    ExemptionRoutes(GrantedExemptions granted, Policy policy, Clock clock, Guard guard) {
        this.granted = granted;
        this.policy = policy;
        this.clock = clock;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/exemptions", guard.page(this::page));
        routes.post("/api/exemptions", guard.change(this::grant));
        routes.delete("/api/exemptions/{id}", guard.change(this::revoke));
    }

    private void page(Context ctx) {
        boolean operator = Guard.session(ctx).holder().role().canChange();
        Instant now = clock.instant();
        StringBuilder b = new StringBuilder();
        if (operator) {
            b.append("<form id=\"grant-form\" class=\"grant\"><h2>Grant an exemption</h2>")
                    .append("<label>Principal pattern (<code>*</code> matches anything) <input name=\"principal\" ")
                    .append("id=\"grant-principal\" size=\"40\" placeholder=\"arn:aws:iam::*:user/bob\"></label>")
                    .append("<label>Target <input name=\"target\" id=\"grant-target\" placeholder=\"i-0123…\">")
                    .append("</label><label>Reason <input name=\"reason\" id=\"grant-reason\" size=\"40\"></label>")
                    .append("<label>Ticket <input name=\"ticket\" id=\"grant-ticket\"></label>")
                    .append("<label>Hours until it expires <input name=\"hours\" id=\"grant-hours\" type=\"number\" ")
                    .append("min=\"1\" max=\"").append(MAX_HOURS).append("\" value=\"4\" required></label>")
                    .append("<button type=\"submit\" id=\"grant-submit\">Grant</button>")
                    .append("<p id=\"grant-result\" role=\"status\"></p></form>");
        }
        b.append("<h2>Granted at runtime</h2><table id=\"granted\"><thead><tr><th>Principal</th><th>Target</th>")
                .append("<th>Reason</th><th>Ticket</th><th>Expires</th><th>Granted</th><th>State</th><th></th>")
                .append("</tr></thead><tbody>");
        for (GrantedExemption g : granted.all()) {
            Exemption e = g.exemption();
            String state = g.revokedAt().map(r -> "revoked " + Html.time(r))
                    .orElse(e.isActiveAt(now) ? "in force" : "expired");
            b.append("<tr data-id=\"").append(Html.e(g.id())).append("\"><td>").append(Html.e(e.principal().orElse("any")))
                    .append("</td><td>").append(Html.e(e.target().orElse("any"))).append("</td><td>")
                    .append(Html.e(e.reason().orElse(""))).append("</td><td>").append(Html.e(e.ticket().orElse("")))
                    .append("</td><td>").append(Html.time(e.expires())).append("</td><td>")
                    .append(Html.time(g.grantedAt())).append(" by ").append(Html.e(g.grantedBy())).append("</td><td>")
                    .append(state).append("</td><td>");
            if (operator && g.revokedAt().isEmpty()) {
                b.append("<button type=\"button\" class=\"revoke\" data-id=\"").append(Html.e(g.id()))
                        .append("\">Revoke</button>");
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table><h2>In the policy</h2><table id=\"policy-exemptions\"><thead><tr>")
                .append("<th>Principal</th><th>Target</th><th>Reason</th><th>Ticket</th><th>Expires</th></tr></thead>")
                .append("<tbody>");
        for (Exemption e : policy.exemptions()) {
            b.append("<tr><td>").append(Html.e(e.principal().orElse("any"))).append("</td><td>")
                    .append(Html.e(e.target().orElse("any"))).append("</td><td>").append(Html.e(e.reason().orElse("")))
                    .append("</td><td>").append(Html.e(e.ticket().orElse(""))).append("</td><td>")
                    .append(Html.time(e.expires())).append("</td></tr>");
        }
        b.append("</tbody></table>");
        ctx.html(Html.page("Exemptions", "/exemptions", Guard.session(ctx), b.toString(), "/static/exemptions.js"));
    }

    record GrantRequest(String principal, String target, String reason, String ticket, Integer hours) {
    }

    private void grant(Context ctx) {
        GrantRequest req;
        try {
            req = ctx.bodyAsClass(GrantRequest.class);
        } catch (RuntimeException e) {
            Guard.refuse(ctx, HttpStatus.BAD_REQUEST, "expected JSON {principal, target, reason, ticket, hours}");
            return;
        }
        Optional<String> principal = blankToEmpty(req.principal());
        Optional<String> target = blankToEmpty(req.target());
        Optional<String> reason = blankToEmpty(req.reason());
        Optional<String> ticket = blankToEmpty(req.ticket());
        if (principal.isEmpty() && target.isEmpty()) {
            Guard.refuse(ctx, HttpStatus.BAD_REQUEST, "name a principal pattern, a target or both");
            return;
        }
        if (reason.isEmpty() && ticket.isEmpty()) {
            Guard.refuse(ctx, HttpStatus.BAD_REQUEST, "say why: a reason, a ticket or both");
            return;
        }
        if (req.hours() == null || req.hours() < 1 || req.hours() > MAX_HOURS) {
            Guard.refuse(ctx, HttpStatus.BAD_REQUEST, "hours until expiry: from 1 to " + MAX_HOURS);
            return;
        }
        Instant expires = clock.instant().plus(Duration.ofHours(req.hours()));
        GrantedExemption g = granted.grant(new Exemption(principal, target, reason, ticket, expires),
                Guard.session(ctx).holder().name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", g.id());
        body.put("exemption", g.exemption().describe());
        ctx.status(HttpStatus.CREATED).json(body);
    }

    private void revoke(Context ctx) {
        if (granted.revoke(ctx.pathParam("id"), Guard.session(ctx).holder().name())) {
            ctx.json(Map.of("revoked", ctx.pathParam("id")));
        } else {
            Guard.refuse(ctx, HttpStatus.NOT_FOUND, "no exemption in force with that id");
        }
    }

    private static Optional<String> blankToEmpty(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
