package dev.warden.governance.web;

import dev.warden.governance.Governance;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GrantedExemptions;
import dev.warden.governance.trail.AuditTrail;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The governance dashboard ({@code warden govern serve}): active sessions, violations and terminations, KPIs, the
 * audit trail and exemptions, behind bearer-token sign-in with viewer and operator roles. It can be started on its
 * own ({@link #start}) or mounted on a Javalin that another part of the process creates ({@link #mount}): its
 * routes are {@code /}, {@code /login}, {@code /logout}, {@code /violations}, {@code /kpis}, {@code /audit},
 * {@code /exemptions}, {@code /api/*}, {@code /static/*} and {@code /webjars/*}.
 */
public final class Dashboard {

    /** Where the page finds uPlot: the webjar's own path, its version read from the jar (no CDN: works offline). */
    static final String UPLOT = "/webjars/uplot/" + webjarVersion("org.webjars.npm", "uplot");
    /** How long a sign-in lasts. */
    static final Duration SIGN_IN_LIFETIME = Duration.ofHours(12);
    /** Wrong tokens an address may present within {@link #SIGN_IN_FAILURE_WINDOW} before it must wait. */
    static final int SIGN_IN_FAILURES = 10;
    static final Duration SIGN_IN_FAILURE_WINDOW = Duration.ofMinutes(15);

    private final Guard guard;
    private final LoginRoutes login;
    private final SessionsRoutes sessions;
    private final TrailRoutes trail;
    private final KpiRoutes kpis;
    private final ExemptionRoutes exemptions;

    public Dashboard(Governance governance, Policy policy, AuditTrail auditTrail, ActiveSessions active,
                     GrantedExemptions granted, AccessTokens tokens, Clock clock) {
        // Sign-ins expire on the wall clock, whatever clock the engine is given (tests move theirs by hours).
        WebSessions webSessions = new WebSessions(Clock.systemUTC(), SIGN_IN_LIFETIME);
        this.guard = new Guard(webSessions);
        SignInThrottle throttle = new SignInThrottle(Clock.systemUTC(), SIGN_IN_FAILURES, SIGN_IN_FAILURE_WINDOW);
        this.login = new LoginRoutes(tokens, webSessions, throttle, guard);
        this.sessions = new SessionsRoutes(active, governance, policy, clock, guard);
        this.trail = new TrailRoutes(auditTrail, Clock.systemUTC(), guard);
        this.kpis = new KpiRoutes(auditTrail, clock, guard);
        this.exemptions = new ExemptionRoutes(granted, policy, clock, guard);
    }

    /** Adds the dashboard's routes and static files to a Javalin being configured. */
    public void mount(JavalinConfig config) {
        config.staticFiles.enableWebjars();
        config.staticFiles.add(files -> {
            files.hostedPath = "/static";
            files.directory = "/dev/warden/governance/web/static";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("X-Content-Type-Options", "nosniff", "Cache-Control", "no-cache");
        });
        login.register(config.routes);
        sessions.register(config.routes);
        trail.register(config.routes);
        kpis.register(config.routes);
        exemptions.register(config.routes);
    }

    /** Starts the dashboard alone on {@code host:port} (0: a free port); stop it with {@link Javalin#stop()}. */
    public Javalin start(String host, int port) {
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.host = host;
            c.jetty.port = port;
            c.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            mount(c);
        }).start();
    }

    private static String webjarVersion(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Dashboard.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the " + artifact + " webjar is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
