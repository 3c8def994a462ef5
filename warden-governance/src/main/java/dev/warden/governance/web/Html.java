package dev.warden.governance.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The dashboard's page frame and HTML escaping: every value from the store or a request goes through {@link #e}. */
final class Html {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private record NavItem(String path, String label) {
    }

    private static final List<NavItem> NAV = List.of(new NavItem("/", "Sessions"),
            new NavItem("/violations", "Violations"), new NavItem("/kpis", "KPIs"),
            new NavItem("/audit", "Audit trail"), new NavItem("/exemptions", "Exemptions"));

    private Html() {
    }

    /** Escapes text for element content and quoted attribute values. */
    static String e(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A signed-in page: navigation, who is signed in, the CSRF token for scripts, then {@code body}. */
    static String page(String title, String path, WebSessions.WebSession session, String body, String... scripts) {
        StringBuilder b = new StringBuilder(4096 + body.length());
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"csrf-token\" content=\"").append(e(session.csrfToken())).append("\">")
                .append("<title>").append(e(title)).append(" · Warden</title>")
                .append("<link rel=\"stylesheet\" href=\"/static/dashboard.css\">");
        for (String s : scripts) {
            if (s.endsWith(".css")) {
                b.append("<link rel=\"stylesheet\" href=\"").append(e(s)).append("\">");
            }
        }
        b.append("</head><body data-role=\"").append(session.holder().role().label()).append("\">")
                .append("<header><span class=\"brand\">Warden</span><nav>");
        for (NavItem n : NAV) {
            b.append("<a href=\"").append(n.path()).append("\"").append(n.path().equals(path)
                    ? " aria-current=\"page\"" : "").append(">").append(n.label()).append("</a>");
        }
        b.append("</nav><form method=\"post\" action=\"/logout\" class=\"who\"><span id=\"who\">")
                .append(e(session.holder().name())).append(" (").append(session.holder().role().label())
                .append(")</span><input type=\"hidden\" name=\"").append(Guard.CSRF_FIELD).append("\" value=\"")
                .append(e(session.csrfToken())).append("\"><button type=\"submit\">Sign out</button></form></header>")
                .append("<main><h1>").append(e(title)).append("</h1>").append(body).append("</main>");
        for (String s : scripts) {
            if (s.endsWith(".js")) {
                b.append("<script src=\"").append(e(s)).append("\"></script>");
            }
        }
        return b.append("</body></html>").toString();
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    /** {@code 1h 05m}, {@code 12m 30s}, {@code 45s}: what a person reads at a glance. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        String sign = s < 0 ? "-" : "";
        s = Math.abs(s);
        if (s >= 3600) {
            return String.format("%s%dh %02dm", sign, s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format("%s%dm %02ds", sign, s / 60, s % 60);
        }
        return sign + s + "s";
    }
}
