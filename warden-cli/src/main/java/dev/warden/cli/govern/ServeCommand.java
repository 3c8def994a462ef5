package dev.warden.cli.govern;

import dev.warden.cli.DurationConverter;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GrantedExemptions;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.web.AccessTokens;
import dev.warden.governance.web.Dashboard;
import io.javalin.Javalin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code warden govern serve}: the dashboard, until Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serves the governance dashboard: active sessions (live, paged, filtered), violations and "
                + "terminations, KPIs with charts, the audit trail with its verification state, a terminate button "
                + "and runtime exemptions. Sign-in exchanges a dashboard token for a session cookie: operator tokens "
                + "from $" + AccessTokens.OPERATOR_ENV + ", viewer tokens from $" + AccessTokens.VIEWER_ENV
                + " (comma-separated) or --token-file. The sessions shown are those the last pass saw: run "
                + "enforce/watch, or --review-every here.",
        footer = {"", "Exit codes: 0 stopped by Ctrl-C, 1 no usable token, policy or store, or the address cannot be "
                + "bound, 2 invalid usage."})
public final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions engine;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Where to listen (port 0: a free one). Default: ${DEFAULT-VALUE}. Put a TLS proxy in "
                    + "front of it for anything but this machine.")
    private String listen;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Dashboard tokens, one a line: 'operator|viewer TOKEN [NAME]' (NAME is what the audit "
                    + "trail records). Keep it readable by this user only.")
    private Path tokenFile;

    @Option(names = "--review-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Also run a review pass this often (e.g. 1m), which keeps the active sessions current "
                    + "without terminating anything. Default: never.")
    private Duration reviewEvery;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int colon = listen.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (colon <= 0 || port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--listen takes HOST:PORT, e.g. 127.0.0.1:8080, not "
                    + listen);
        }
        if (reviewEvery != null && (reviewEvery.isNegative() || reviewEvery.isZero())) {
            throw new ParameterException(spec.commandLine(), "--review-every must be longer than zero");
        }
        String host = listen.substring(0, colon);
        int bindPort = port;
        return EngineOptions.reportingFailures("serve", err, () -> {
            Policy policy = engine.policy();
            AccessTokens tokens;
            try {
                tokens = AccessTokens.load(System.getenv(), Optional.ofNullable(tokenFile));
            } catch (IllegalArgumentException e) {
                err.println("warden govern serve: " + e.getMessage());
                err.flush();
                return 1;
            }
            EngineOptions.Engine e = engine.open();
            Clock clock = Clock.systemUTC();
            AuditTrail trail = new AuditTrail(e.store(), clock);
            Dashboard dashboard = new Dashboard(e.governance(), policy, trail, new ActiveSessions(e.store()),
                    new GrantedExemptions(e.store(), trail, clock), tokens, clock);
            Javalin app;
            try {
                app = dashboard.start(host, bindPort);
            } catch (RuntimeException x) {
                e.close();
                err.println("warden govern serve: cannot listen on " + listen + ": " + rootMessage(x));
                err.flush();
                return 1;
            }
            ScheduledExecutorService reviews = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "warden-serve-review");
                t.setDaemon(true);
                return t;
            });
            if (reviewEvery != null) {
                reviews.scheduleWithFixedDelay(() -> review(e, policy), 0, reviewEvery.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            out.printf("warden govern serve: the dashboard is on http://%s:%d/ (store: %s)%n", host, app.port(),
                    e.store().description());
            out.flush();
            AtomicBoolean done = new AtomicBoolean();
            Runnable stop = () -> {
                if (done.compareAndSet(false, true)) {
                    reviews.shutdownNow();
                    app.stop();
                    e.close();
                }
            };
            Thread hook = new Thread(stop, "warden-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                // Ctrl-C runs the hook; an interrupt (a caller embedding the command) stops it here.
                new CountDownLatch(1).await();
            } catch (InterruptedException x) {
                // Stopped with the interrupt flag clear, so that Jetty stops gracefully; then it is restored.
                stop.run();
                Runtime.getRuntime().removeShutdownHook(hook);
                Thread.currentThread().interrupt();
            }
            return 0;
        });
    }

    private static void review(EngineOptions.Engine e, Policy policy) {
        try {
            e.governance().review(policy);
        } catch (RuntimeException x) {
            // The next pass tries again; the dashboard keeps serving what the store has.
            LOG.warn("The review pass failed: {}", x.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
