package dev.warden.cli.govern;

import dev.warden.cli.CommandFailure;
import dev.warden.cli.DurationConverter;
import dev.warden.cli.ExitCodes;
import dev.warden.governance.events.ApiKey;
import dev.warden.governance.events.EventEndpoint;
import dev.warden.governance.events.SqsEventSource;
import dev.warden.governance.metrics.WatchMetrics;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.watch.SessionWatch;
import dev.warden.governance.watch.WatchServer;
import dev.warden.governance.watch.WatchSettings;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden govern watch}: enforcement as a long-running process, on timers, events and periodic passes. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = "Runs until stopped (Ctrl-C, SIGTERM): sets a timer for every active session at its tier's "
                + "maximum, warns the policy's alert targets the policy's lead time before it, and terminates the "
                + "session on time, recorded like enforce's actions. Session events (CloudTrail through EventBridge: "
                + "an API destination posting to --events-listen, or an SQS queue, --events-queue) start and stop "
                + "the timers; a full enforcement pass every --pass-interval catches what events missed.",
        footer = {"", "Exit codes: 0 stopped, 1 the policy or store is unusable or a listener cannot start, "
                + "2 invalid usage."})
public final class WatchCommand implements Callable<Integer> {

    private static final Duration DEFAULT_LEASE_PERIOD = Duration.ofSeconds(30);
    private static final Pattern AWS_QUEUE_HOST = Pattern.compile("sqs\\.([a-z0-9-]+)\\.amazonaws\\.com");

    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions engine;

    @Option(names = "--pass-interval", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Time between two safety-net passes (the first runs at start). Default: ${DEFAULT-VALUE}.")
    private Duration passInterval;

    @Option(names = "--events-listen", paramLabel = "HOST:PORT", converter = ListenAddress.Converter.class,
            description = "Accept events (POST /events) here, as an EventBridge API destination sends them.")
    private ListenAddress eventsListen;

    @Option(names = "--events-header", paramLabel = "NAME", defaultValue = "x-api-key",
            description = "The header that carries the API key (the API destination connection's). Default: "
                    + "${DEFAULT-VALUE}.")
    private String eventsHeader;

    @Option(names = "--events-key-env", paramLabel = "NAME", defaultValue = "WARDEN_EVENTS_API_KEY",
            description = "The environment variable that holds the API key. Default: ${DEFAULT-VALUE}.")
    private String eventsKeyEnv;

    @Option(names = "--events-key-file", paramLabel = "FILE",
            description = "A file that holds the API key (instead of the environment variable).")
    private Path eventsKeyFile;

    @Option(names = "--events-queue", paramLabel = "URL",
            description = "Take events from this SQS queue (the target of an EventBridge rule).")
    private URI eventsQueue;

    @Option(names = "--events-queue-region", paramLabel = "REGION",
            description = "The queue's region when its URL does not name one. Default: the policy's first region.")
    private String eventsQueueRegion;

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT", converter = ListenAddress.Converter.class,
            description = "Serve Prometheus metrics (GET /metrics) here; the same address as --events-listen "
                    + "serves both on one port.")
    private ListenAddress metricsListen;

    @Option(names = "--timer-threads", paramLabel = "N", defaultValue = "4",
            description = "Threads that warn and terminate when timers fire. Default: ${DEFAULT-VALUE}.")
    private int timerThreads;

    @Option(names = "--lease-period", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "On a PostgreSQL store, watch processes share the account x region pairs on leases; a "
                    + "session of a dead one's pair is ended within this period of its limit (the leases last three "
                    + "quarters of it; at least 1s). Default: 30s. Refused on SQLite, which is for one watch process.")
    private Duration leasePeriod;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (passInterval.isNegative() || passInterval.isZero()) {
            throw new CommandFailure(ExitCodes.USAGE, "--pass-interval must be positive, was " + passInterval);
        }
        if (timerThreads < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--timer-threads must be at least 1, was " + timerThreads);
        }
        if (leasePeriod != null && leasePeriod.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new CommandFailure(ExitCodes.USAGE, "--lease-period must be at least 1s, was " + leasePeriod);
        }
        ApiKey key = eventsListen == null ? null : apiKey();
        return EngineOptions.reportingFailures("watch", err, () -> {
            Policy policy = engine.policy();
            Deque<AutoCloseable> open = new ArrayDeque<>();
            boolean running = false;
            // On Ctrl-C or SIGTERM the JVM waits for this hook: it lets the timers and passes stop cleanly first.
            Thread hook = new Thread(() -> {
                stopped.countDown();
                try {
                    closed.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "warden-watch-stop");
            try {
                WatchMetrics metrics = new WatchMetrics(policy);
                EngineOptions.Engine e = engine.open(metrics::alertOutcome);
                open.push(e);
                Optional<Duration> leases = leases(e.store());
                SessionWatch watch = new SessionWatch(e.governance(), e.aws(), e.store(), policy, Clock.systemUTC(),
                        new WatchSettings(passInterval, timerThreads, leases), metrics);
                metrics.gaugeSessions(watch.watchedSessions());
                open.push(watch);
                out.printf("warden govern watch: %d account(s) x %d region(s), a pass every %s, store %s%s%n",
                        policy.scope().accounts().size(), policy.scope().regions().size(),
                        passInterval.toString().substring(2).toLowerCase(Locale.ROOT),
                        e.store().description(), leases.map(p -> ", pairs shared on leases of "
                                + p.toString().substring(2).toLowerCase(Locale.ROOT)).orElse(""));
                boolean together = eventsListen != null && eventsListen.equals(metricsListen);
                if (eventsListen != null) {
                    WatchServer server = listen(eventsListen, routes -> {
                        new EventEndpoint(eventsHeader, key, watch).register(routes, "/events");
                        if (together) {
                            metrics.register(routes);
                        }
                    });
                    open.push(server);
                    out.printf("events: POST %s/events (header %s)%n", server.uri(), eventsHeader);
                    if (together) {
                        out.printf("metrics: GET %s/metrics%n", server.uri());
                    }
                }
                if (metricsListen != null && !together) {
                    WatchServer server = listen(metricsListen, metrics::register);
                    open.push(server);
                    out.printf("metrics: GET %s/metrics%n", server.uri());
                }
                if (eventsQueue != null) {
                    SqsEventSource queue = new SqsEventSource(e.aws().sqs(queueRegion(policy)), eventsQueue.toString(),
                            watch, Duration.ofSeconds(20));
                    open.push(queue);
                    queue.start();
                    out.printf("events: SQS %s%n", eventsQueue);
                }
                if (eventsListen == null && eventsQueue == null) {
                    out.println("events: none (--events-listen, --events-queue): the passes alone find sessions");
                }
                out.flush();
                watch.start();
                running = true;
                Runtime.getRuntime().addShutdownHook(hook);
                stopped.await();
                return 0;
            } catch (InterruptedException interrupted) {
                // Stopped from within the JVM (an embedding program, a test): stop like Ctrl-C.
                return 0;
            } finally {
                closeAll(open, err);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
                    // the JVM is exiting, or the hook was never added: nothing to remove
                }
                if (running) {
                    err.println("warden govern watch: stopped");
                }
                err.flush();
                closed.countDown();
            }
        });
    }

    private WatchServer listen(ListenAddress at, Consumer<RoutesConfig> routes) {
        try {
            return WatchServer.start(at.host(), at.port(), routes);
        } catch (RuntimeException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "cannot listen on " + at.host() + ":" + at.port() + ": "
                    + rootMessage(e) + " (choose another address or port)");
        }
    }

    /** The API key from the file, else the environment variable; a missing key is a usage error. */
    private ApiKey apiKey() {
        String value;
        String source;
        if (eventsKeyFile != null) {
            source = "the file " + eventsKeyFile;
            try {
                value = Files.readString(eventsKeyFile);
            } catch (IOException e) {
                throw new CommandFailure(ExitCodes.USAGE, "--events-key-file: cannot read " + eventsKeyFile + ": "
                        + e.getMessage());
            }
        } else {
            source = "the environment variable " + eventsKeyEnv;
            value = System.getenv(eventsKeyEnv);
        }
        if (value == null || value.isBlank()) {
            throw new CommandFailure(ExitCodes.USAGE, "--events-listen needs an API key: set " + source
                    + (eventsKeyFile == null ? " or give --events-key-file FILE" : " to the key"));
        }
        return ApiKey.of(value);
    }

    private String queueRegion(Policy policy) {
        if (eventsQueueRegion != null) {
            return eventsQueueRegion;
        }
        Matcher m = AWS_QUEUE_HOST.matcher(eventsQueue.getHost() == null ? "" : eventsQueue.getHost());
        return m.matches() ? m.group(1) : policy.scope().regions().get(0);
    }

    private static void closeAll(Deque<AutoCloseable> open, PrintWriter err) {
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                err.println("warden govern watch: while stopping: " + e.getMessage());
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * Leases on PostgreSQL, where several watch processes may share the store; none on SQLite, the single-process
     * store, where asking for them is a mistake worth saying.
     */
    private Optional<Duration> leases(GovernanceStore store) {
        if (store.dialect() == GovernanceStore.Dialect.POSTGRESQL) {
            return Optional.of(leasePeriod == null ? DEFAULT_LEASE_PERIOD : leasePeriod);
        }
        if (leasePeriod != null) {
            throw new CommandFailure(ExitCodes.USAGE, "--lease-period needs a PostgreSQL store (WARDEN_STORE="
                    + "jdbc:postgresql://...): a SQLite store is for one watch process");
        }
        return Optional.empty();
    }
}
