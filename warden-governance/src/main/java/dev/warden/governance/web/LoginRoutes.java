package dev.warden.governance.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in: a bearer token (the form's password field, or an {@code Authorization: Bearer} header for scripts) is
 * exchanged for an HttpOnly, SameSite=Strict session cookie. The token itself goes nowhere else. An address that
 * keeps presenting wrong tokens is made to wait ({@link SignInThrottle}).
 */
final class LoginRoutes {

    private static final Logger log = LoggerFactory.getLogger(LoginRoutes.class);

    private final AccessTokens tokens;
    private final WebSessions sessions;
    private final SignInThrottle throttle;
    private final Guard guard;

    LoginRoutes(AccessTokens tokens, WebSessions sessions, SignInThrottle throttle, Guard guard) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.throttle = throttle;
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
        String address = ctx.ip();
        Optional<Duration> wait = throttle.waitFor(address);
        if (wait.isPresent()) {
            // Checked before the token, so that a guess made while waiting learns nothing.
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            String message = "Too many wrong tokens from this address; try again in " + seconds + " s.";
            if (bearer) {
                Guard.refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, message);
            } else {
                ctx.status(HttpStatus.TOO_MANY_REQUESTS).html(form(Optional.of(message)));
            }
            return;
        }
        String presented = bearer ? authorization.substring(7).strip() : ctx.formParam("token");
        Optional<AccessTokens.Holder> holder = tokens.holderOf(presented);
        if (holder.isEmpty()) {
            throttle.failed(address);
            log.warn("Dashboard sign-in refused: unknown token from {}", address);
            if (bearer) {
                Guard.refuse(ctx, HttpStatus.UNAUTHORIZED, "unknown dashboard token");
            } else {
                ctx.status(HttpStatus.UNAUTHORIZED).html(form(Optional.of("Unknown token.")));
            }
            return;
        }
        throttle.succeeded(address);
        log.info("Dashboard sign-in: {} ({}) from {}", holder.get().name(), holder.get().role().label(), address);
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
