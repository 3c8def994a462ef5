package dev.warden.governance.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in: a bearer token (the form's password field, or an {@code Authorization: Bearer} header for scripts) is
 * exchanged for an HttpOnly, SameSite=Strict session cookie. The token itself goes nowhere else.
 */
final class LoginRoutes {

    private final AccessTokens tokens;
    private final WebSessions sessions;
    private final Guard guard;

    LoginRoutes(AccessTokens tokens, WebSessions sessions, Guard guard) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/login", ctx -> {
            Guard.secure(ctx);
            ctx.html(form(Optional.empty()));
        });
        routes.post("/login", this::login);
        routes.post("/logout", guard.changeOwnSession(ctx -> {
            sessions.close(Guard.session(ctx).id());
            ctx.cookie(cookie(ctx, "", 0));
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
        }));
    }

    private void login(Context ctx) {
        Guard.secure(ctx);
        // A forged sign-in (another site posting its own token) would be login CSRF.
        if (!Guard.sameOrigin(ctx)) {
            Guard.refuse(ctx, HttpStatus.FORBIDDEN, "refused: the request does not come from the dashboard's origin");
            return;
        }
        String authorization = ctx.header("Authorization");
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        String presented = bearer ? authorization.substring(7).strip() : ctx.formParam("token");
        Optional<AccessTokens.Holder> holder = tokens.holderOf(presented);
        if (holder.isEmpty()) {
            if (bearer) {
                Guard.refuse(ctx, HttpStatus.UNAUTHORIZED, "unknown dashboard token");
            } else {
                ctx.status(HttpStatus.UNAUTHORIZED).html(form(Optional.of("Unknown token.")));
            }
            return;
        }
        WebSessions.WebSession s = sessions.open(holder.get());
        ctx.cookie(cookie(ctx, s.id(), (int) sessions.lifetime().toSeconds()));
        if (bearer) {
            ctx.json(Map.of("role", s.holder().role().label(), "name", s.holder().name(), "csrfToken", s.csrfToken()));
        } else {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        }
    }

    private static Cookie cookie(Context ctx, String value, int maxAgeSeconds) {
        // Secure whenever the browser reached us over HTTPS (directly or through a proxy that says so).
        boolean https = "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        return new Cookie(Guard.COOKIE, value, "/", maxAgeSeconds, https, true, null, SameSite.STRICT);
    }

    private static String form(Optional<String> error) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in · Warden</title>"
                + "<link rel=\"stylesheet\" href=\"/static/dashboard.css\"></head><body class=\"login\"><main>"
                + "<h1>Warden</h1><form method=\"post\" action=\"/login\" id=\"login\">"
                + "<label for=\"token\">Dashboard token</label>"
                + "<input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"current-password\" required>"
                + "<button type=\"submit\">Sign in</button></form>"
                + error.map(m -> "<p class=\"error\" id=\"login-error\">" + Html.e(m) + "</p>").orElse("")
                + "</main></body></html>";
    }
}
