package dev.warden.governance.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.ChainReport;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit trail as pages, newest first: violations and terminations (FINDING and ACTION records, each with its
 * evidence), and the whole trail under its verification state.
 */
final class TrailRoutes {

    static final int PAGE = 50;

    private final AuditTrail trail;
    private final ChainStatus chain;
    private final Guard guard;

    TrailRoutes(AuditTrail trail, Clock clock, Guard guard) {
        this.trail = trail;
        this.chain = new ChainStatus(trail, clock);
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/violations", guard.page(this::violations));
        routes.get("/audit", guard.page(this::audit));
    }

    private void violations(Context ctx) {
        String kind = ctx.queryParam("kind");
        Set<RecordKind> kinds = "FINDING".equals(kind) ? EnumSet.of(RecordKind.FINDING)
                : "ACTION".equals(kind) ? EnumSet.of(RecordKind.ACTION)
                : EnumSet.of(RecordKind.FINDING, RecordKind.ACTION);
        String base = "/violations" + (kinds.size() == 1 ? "?kind=" + kinds.iterator().next().name() + "&" : "?");
        StringBuilder b = new StringBuilder("<p class=\"tabs\">")
                .append(tab("/violations", "Findings and actions", kinds.size() == 2))
                .append(tab("/violations?kind=FINDING", "Findings", kinds.equals(EnumSet.of(RecordKind.FINDING))))
                .append(tab("/violations?kind=ACTION", "Actions (terminations)",
                        kinds.equals(EnumSet.of(RecordKind.ACTION))))
                .append("</p>");
        b.append(records(ctx, kinds, base, "violations"));
        ctx.html(Html.page("Violations and terminations", "/violations", Guard.session(ctx), b.toString()));
    }

    private void audit(Context ctx) {
        ChainStatus.Checked checked = chain.current();
        ChainReport report = checked.report();
        StringBuilder b = new StringBuilder();
        if (report.intact()) {
            b.append("<p id=\"chain-state\" class=\"ok\">Chain intact: ").append(report.records())
                    .append(" records, head hash <code>").append(Html.e(report.headHash())).append("</code>. Every")
                    .append(" record verified at ").append(Html.time(checked.everyRecordCheckedAt()))
                    .append(", newer ones on this load.</p>");
        } else {
            ChainReport.Break br = report.firstBreak().orElseThrow();
            b.append("<p id=\"chain-state\" class=\"broken\">Chain broken at record ").append(br.seq()).append(": ")
                    .append(Html.e(br.reason())).append(" (").append(report.records()).append(" records read)</p>");
        }
        b.append(records(ctx, EnumSet.allOf(RecordKind.class), "/audit?", "audit"));
        ctx.html(Html.page("Audit trail", "/audit", Guard.session(ctx), b.toString()));
    }

    private static String tab(String href, String label, boolean current) {
        return "<a href=\"" + Html.e(href) + "\"" + (current ? " aria-current=\"true\"" : "") + ">" + label + "</a> ";
    }

    /** One page of records as a table, with links to the neighbouring pages. */
    private String records(Context ctx, Set<RecordKind> kinds, String base, String id) {
        long total = trail.count(kinds);
        int offset = SessionsRoutes.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        List<AuditRecord> records = trail.newest(kinds, offset, PAGE);
        StringBuilder b = new StringBuilder("<p class=\"status\" id=\"").append(id).append("-count\">")
                .append(total == 0 ? "No records." : "Records " + (offset + 1) + "–" + (offset + records.size())
                        + " of " + total + ", newest first.").append("</p>");
        b.append("<table id=\"").append(id).append("\"><thead><tr><th>#</th><th>Recorded</th><th>Kind</th>")
                .append("<th>Subject</th><th>What</th><th>Evidence</th></tr></thead><tbody>");
        for (AuditRecord r : records) {
            JsonNode p = Payloads.decode(r.payload());
            b.append("<tr class=\"").append(r.kind().name().toLowerCase()).append("\"><td>").append(r.seq())
                    .append("</td><td>").append(Html.time(r.recordedAt())).append("</td><td>").append(r.kind())
                    .append("</td><td>").append(subject(r)).append("</td><td>").append(Html.e(what(p)))
                    .append("</td><td>").append(evidence(p)).append("</td></tr>");
        }
        b.append("</tbody></table><p class=\"pager\">");
        if (offset > 0) {
            b.append("<a href=\"").append(Html.e(base + "offset=" + Math.max(0, offset - PAGE)))
                    .append("\">← Newer</a> ");
        }
        if (offset + records.size() < total) {
            b.append("<a href=\"").append(Html.e(base + "offset=" + (offset + PAGE))).append("\">Older →</a>");
        }
        return b.append("</p>").toString();
    }

    private static String subject(AuditRecord r) {
        StringBuilder b = new StringBuilder();
        append(b, r.subject().accountId());
        append(b, r.subject().region());
        append(b, r.subject().sessionId());
        append(b, r.subject().target());
        return b.toString();
    }

    private static void append(StringBuilder b, String part) {
        if (part != null) {
            b.append(b.length() == 0 ? "" : " · ").append(Html.e(part));
        }
    }

    /** The record's headline: the finding, the action and its outcome, the observation. */
    private static String what(JsonNode p) {
        if (p.has("finding")) {
            return p.get("finding").asText();
        }
        if (p.has("action")) {
            return p.get("action").asText() + (p.has("outcome") ? " " + p.get("outcome").asText() : "");
        }
        if (p.has("observation")) {
            return p.get("observation").asText();
        }
        if (p.has("channel")) {
            return "alert " + p.get("channel").asText();
        }
        if (p.has("exemption")) {
            return "exemption used";
        }
        return p.has("pass") ? p.get("pass").asText() : "";
    }

    /** Every other detail of the record, as stored: the evidence behind the headline. */
    private static String evidence(JsonNode p) {
        StringBuilder b = new StringBuilder("<dl>");
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("finding") || f.getKey().equals("action")) {
                continue;
            }
            JsonNode v = f.getValue();
            b.append("<dt>").append(Html.e(f.getKey())).append("</dt><dd>")
                    .append(Html.e(v.isValueNode() ? v.asText() : v.toString())).append("</dd>");
        }
        return b.append("</dl>").toString();
    }
}
