package dev.warden.governance.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Who may do what, checked on every dashboard route: pages and reads need a signed-in session (viewer or
 * operator); every change (POST, DELETE) needs an operator's session, a request from the dashboard's own origin,
 * and the session's CSRF token in the {@value #CSRF_HEADER} header or the {@value #CSRF_FIELD} form field. Every
 * response carries a restrictive Content-Security-Policy.
 */
final class Guard {

    static final String COOKIE = "warden_dashboard";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FIELD = "_csrf";
    private static final String SESSION = "warden.web.session";

    /** Scripts and styles from this origin only (no inline script), nothing framed, no form posted elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final WebSessions sessions;

    Guard(WebSessions sessions) {
        this.sessions = sessions;
    }

    /** A page: signed out, the browser is sent to the sign-in page. */
    Handler page(Handler h) {
        return ctx -> {
            secure(ctx);
            Optional<WebSessions.WebSession> s = sessions.find(ctx.cookie(COOKIE));
            if (s.isEmpty()) {
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
                return;
            }
            ctx.attribute(SESSION, s.get());
            h.handle(ctx);
        };
    }

    /** A JSON read: signed out is 401. */
    Handler read(Handler h) {
        return ctx -> {
            secure(ctx);
            Optional<WebSessions.WebSession> s = sessions.find(ctx.cookie(COOKIE));
            if (s.isEmpty()) {
                refuse(ctx, HttpStatus.UNAUTHORIZED, "sign in first: exchange a dashboard token at /login");
                return;
            }
            ctx.attribute(SESSION, s.get());
            h.handle(ctx);
        };
    }

    /** A change: operator, same origin, CSRF token; each refusal says which rule it broke. */
    Handler change(Handler h) {
        return change(h, true);
    }

    /** A change any signed-in user may make (signing out): same origin and CSRF token. */
    Handler changeOwnSession(Handler h) {
        return change(h, false);
    }

    private Handler change(Handler h, boolean operatorOnly) {
        return ctx -> {
            secure(ctx);
            Optional<WebSessions.WebSession> s = sessions.find(ctx.cookie(COOKIE));
            if (s.isEmpty()) {
                refuse(ctx, HttpStatus.UNAUTHORIZED, "sign in first: exchange a dashboard token at /login");
                return;
            }
            if (!sameOrigin(ctx)) {
                refuse(ctx, HttpStatus.FORBIDDEN, "refused: the request does not come from the dashboard's origin");
                return;
            }
            if (!csrfMatches(ctx, s.get())) {
                refuse(ctx, HttpStatus.FORBIDDEN, "refused: the CSRF token is missing or wrong (reload the page)");
                return;
            }
            if (operatorOnly && !s.get().holder().role().canChange()) {
                refuse(ctx, HttpStatus.FORBIDDEN, "refused: a viewer cannot change anything; sign in with an "
                        + "operator token");
                return;
            }
            ctx.attribute(SESSION, s.get());
            h.handle(ctx);
        };
    }

    /** The signed-in session of a request that passed {@link #page}, {@link #read} or {@link #change}. */
    static WebSessions.WebSession session(Context ctx) {
        return ctx.attribute(SESSION);
    }

    static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        // Not no-referrer: under it a browser sends "Origin: null" with a form's POST, and the origin check fails.
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
    }

    static void refuse(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }

    /**
     * A browser names the page a request comes from in Origin (or, failing that, Referer): when present it must be
     * this dashboard. Clients that send neither (curl) still need the session cookie and the CSRF token.
     */
    static boolean sameOrigin(Context ctx) {
        String host = ctx.header("Host");
        String origin = ctx.header("Origin");
        if (origin != null) {
            return authorityOf(origin).map(a -> a.equalsIgnoreCase(host)).orElse(false);
        }
        String referer = ctx.header("Referer");
        if (referer != null) {
            return authorityOf(referer).map(a -> a.equalsIgnoreCase(host)).orElse(false);
        }
        return true;
    }

    private static Optional<String> authorityOf(String url) {
        try {
            return Optional.ofNullable(URI.create(url).getRawAuthority());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean csrfMatches(Context ctx, WebSessions.WebSession s) {
        String presented = ctx.header(CSRF_HEADER);
        if (presented == null && ctx.contentType() != null
                && ctx.contentType().startsWith("application/x-www-form-urlencoded")) {
            presented = ctx.formParam(CSRF_FIELD);
        }
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                s.csrfToken().getBytes(StandardCharsets.UTF_8));
    }
}
