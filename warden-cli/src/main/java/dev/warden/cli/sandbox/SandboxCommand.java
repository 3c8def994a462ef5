package dev.warden.cli.sandbox;

import dev.warden.cli.DurationConverter;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.ConfigException;
import dev.warden.sandbox.config.FaultSettings;
import dev.warden.sandbox.config.SandboxConfig;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.faults.Faults;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code warden sandbox}: runs the local Session Manager service with its emulated instances until Ctrl-C.
 * Configuration comes from the YAML file; the fault flags override the file's {@code faults} section.
 */
@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description = {
                "Runs a local Session Manager endpoint on 127.0.0.1: the SSM, STS and KMS APIs (SigV4-checked), the "
                        + "ssmmessages data channel and emulated instances. The official AWS CLI and "
                        + "session-manager-plugin work against it unchanged. Ctrl-C stops it."
        },
        footer = {
                "",
                "Durations: 500ms, 30s, 10m, 2h or ISO-8601 (PT10M). Configuration keys: docs/sandbox.md.",
                "Exit codes: 0 stopped cleanly, 1 could not start (e.g. the port is taken), 2 invalid flag or "
                        + "configuration. A stop by Ctrl-C reports 130, as for any program stopped that way."
        })
public final class SandboxCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration: fleet, tags, port mappings, session preferences, faults.")
    private Path configFile;

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Also write the endpoint, region, credentials, instances and example commands to FILE as "
                    + "JSON, for scripts. Removed again on a clean stop.")
    private Path stateFile;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port of the SSM/STS/KMS endpoint (default: the configuration's, else a free one).")
    private Integer port;

    @Option(names = "--close-channels-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Fault: close every data channel this long after it opened, so clients must resume.")
    private Duration closeChannelsEvery;

    @Option(names = "--max-frames-per-second", paramLabel = "N",
            description = "Per session and direction, relay at most N stream frames a second, as the service "
                    + "does (about 1000). 0: unlimited.")
    private Integer maxFramesPerSecond;

    @Option(names = "--throttle", paramLabel = "P",
            description = "Fault: answer each API call with ThrottlingException with probability P, as AWS does "
                    + "when a caller exceeds an API's rate.")
    private Double throttle;

    @Option(names = "--drop-frames", paramLabel = "P", description = "Fault: lose each frame with probability P.")
    private Double dropFrames;

    @Option(names = "--duplicate-frames", paramLabel = "P",
            description = "Fault: deliver each frame twice with probability P.")
    private Double duplicateFrames;

    @Option(names = "--reorder-frames", paramLabel = "P",
            description = "Fault: hold each frame back behind the next one with probability P.")
    private Double reorderFrames;

    @Option(names = "--pause-publication-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Fault: pause publication this often (for --pause-publication-for, default 1s).")
    private Duration pausePublicationEvery;

    @Option(names = "--pause-publication-for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long each publication pause lasts.")
    private Duration pausePublicationFor;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        validateFlags();
        SandboxConfig config = loadConfig();
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(config);
        } catch (RuntimeException e) {
            return fail("cannot start: " + describe(e)
                    + (config.port() != 0 ? " (choose another --port, or leave it out for a free one)" : ""));
        }
        applyFaultFlags(sandbox.faults());
        if (throttle != null) {
            sandbox.throttling().throttle(throttle, sandbox.throttling().settings().throttleOperations());
        }
        SandboxSummary summary = SandboxSummary.of(sandbox);
        // The summary is printed before the state file appears: a script that waits for the file finds the
        // printed summary complete too.
        PrintWriter out = spec.commandLine().getOut();
        new SummaryPrinter(out).print(summary);
        out.flush();
        StateFile state = stateFile == null ? null : new StateFile(stateFile);
        if (state != null) {
            try {
                state.write(summary);
            } catch (IOException e) {
                sandbox.close();
                return fail("cannot write the state file " + stateFile + ": " + describe(e));
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(sandbox, state), "warden-sandbox-stop"));
        stopped.await();
        return 0;
    }

    /** Runs on Ctrl-C (or any JVM exit): sessions end, ports close, the state file goes. */
    private void stop(Sandbox sandbox, StateFile state) {
        sandbox.close();
        if (state != null) {
            state.delete();
        }
        System.err.println("warden sandbox: stopped");
        System.err.flush();
        stopped.countDown();
    }

    private void validateFlags() {
        requireProbability("--throttle", throttle);
        requireProbability("--drop-frames", dropFrames);
        requireProbability("--duplicate-frames", duplicateFrames);
        requireProbability("--reorder-frames", reorderFrames);
        if (maxFramesPerSecond != null && maxFramesPerSecond < 0) {
            throw usage("--max-frames-per-second must be 0 (unlimited) or more, not " + maxFramesPerSecond);
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw usage("--port must be 0-65535, not " + port);
        }
        requirePositive("--close-channels-every", closeChannelsEvery);
        requirePositive("--pause-publication-every", pausePublicationEvery);
        requirePositive("--pause-publication-for", pausePublicationFor);
    }

    private SandboxConfig loadConfig() {
        SandboxConfig config;
        try {
            config = configFile == null ? SandboxConfig.defaults() : SandboxConfigLoader.load(configFile);
        } catch (ConfigException e) {
            throw usage(e.getMessage());
        }
        return port == null ? config : config.withPort(port);
    }

    private void applyFaultFlags(Faults faults) {
        if (closeChannelsEvery != null) {
            faults.dropDataChannelAfter(closeChannelsEvery);
        }
        if (maxFramesPerSecond != null) {
            faults.maxFramesPerSecond(maxFramesPerSecond);
        }
        if (dropFrames != null || duplicateFrames != null || reorderFrames != null) {
            FaultSettings now = faults.current();
            faults.frameFaults(orElse(dropFrames, now.dropFrames()), orElse(duplicateFrames, now.duplicateFrames()),
                    orElse(reorderFrames, now.reorderFrames()), now.seed());
        }
        if (pausePublicationEvery != null || pausePublicationFor != null) {
            FaultSettings now = faults.current();
            faults.pausePublication(pausePublicationEvery != null ? pausePublicationEvery : now.pausePublicationEvery(),
                    pausePublicationFor != null ? pausePublicationFor : now.pausePublicationFor());
        }
    }

    private void requireProbability(String flag, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw usage(flag + " is a probability between 0 and 1, not " + value);
        }
    }

    private void requirePositive(String flag, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw usage(flag + " must be a positive duration, not " + value);
        }
    }

    private static double orElse(Double value, double fallback) {
        return value != null ? value : fallback;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private int fail(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("warden sandbox: " + message);
        err.flush();
        return 1;
    }

    /** The exception's own message, else its innermost cause's: never a bare class name when there is text. */
    private static String describe(Throwable e) {
        Throwable current = e;
        while (current.getMessage() == null && current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current.getMessage() != null ? current.getMessage() : current.getClass().getSimpleName();
    }
}
