package dev.warden.sandbox.agent.shell;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.TerminalSize;
import dev.warden.sandbox.agent.AgentTexts;
import dev.warden.sandbox.agent.PluginContext;
import dev.warden.sandbox.agent.SessionPlugin;
import dev.warden.sandbox.shell.OutputKind;
import dev.warden.sandbox.shell.ProcessStartException;
import dev.warden.sandbox.shell.SessionProcess;
import dev.warden.sandbox.shell.SessionProcessListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's shell plugins, Standard_Stream, InteractiveCommands and NonInteractiveCommands (agent-side.md §5):
 * a shell or the document's commands in a pseudo-terminal, or the commands exec'd without one.
 *
 * <ul>
 *   <li>Input (payload type 1) goes to the terminal verbatim, or, for NonInteractiveCommands, is scanned for
 *       Ctrl-C and Ctrl-\. It is refused ({@link Delivery#NOT_READY}, so the client sends it again) while the
 *       process is not started yet and while too much input already waits for the terminal.</li>
 *   <li>Size (type 3) resizes the terminal; other payload types, TerminateSession flags included, are
 *       acknowledged and ignored, as by the agent.</li>
 *   <li>Output goes through an {@link OutputRelay}: never dropped, the process paused while the channel is full.
 *       Pty output starts after the agent's wait before its first read.</li>
 *   <li>When the process ends, its exit code follows its output and the session ends; the service then sends
 *       {@code channel_closed}. {@link #stop()} kills the process and everything it started.</li>
 * </ul>
 * Everything here runs on the session's event loop; only starting the process (a fork, perhaps a user lookup)
 * happens on a thread of its own.
 */
public final class ShellPlugin implements SessionPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(ShellPlugin.class);
    /** The agent waits this long before reporting a process that did not start. */
    static final Duration START_FAILURE_DELAY = Duration.ofSeconds(2);
    /** ... and this long before sending a NonInteractiveCommands launch error. */
    static final Duration LAUNCH_FAILURE_DELAY = Duration.ofSeconds(1);
    /** The agent's exit code when it has none. */
    private static final int UNKNOWN_EXIT_CODE = 1;

    private static final ExecutorService STARTER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "warden-shell-start");
        thread.setDaemon(true);
        return thread;
    });

    private final PluginContext context;
    private final ShellSessionType type;
    private final ShellLauncher launcher;
    private final OutputRelay relay;
    private SessionProcess process;
    private ScheduledFuture<?> pendingTimer;
    private boolean inputRoomWanted;
    private boolean stopped;

    public ShellPlugin(PluginContext context) {
        this.context = context;
        this.type = ShellSessionType.of(context.spec().sessionType()).orElseThrow(() ->
                new IllegalArgumentException("not a shell session type: " + context.spec().sessionType()));
        this.launcher = new ShellLauncher(context.spec(), type);
        this.relay = new OutputRelay(context.output(), launcher.reportsExitCode(), context::sessionEnded);
    }

    @Override
    public void start() {
        var problem = launcher.validationProblem();
        if (problem.isPresent()) {
            context.sessionFailed(problem.get());
            return;
        }
        Listener listener = new Listener();
        try {
            STARTER.execute(() -> startProcess(listener));
        } catch (RejectedExecutionException e) {
            context.sessionFailed(AgentTexts.markedFailed("Unable to start command: " + e.getMessage() + "\n"));
        }
    }

    /** On the starter thread: fork, then hand the process (or the failure) to the event loop. */
    private void startProcess(Listener listener) {
        try {
            SessionProcess started = launcher.start(listener, context.eventLoop());
            onLoop(() -> onStarted(started), started::close);
        } catch (ProcessStartException e) {
            onLoop(() -> onStartFailed(e), () -> { });
        } catch (RuntimeException e) {
            LOG.warn("Could not start the shell of session {}", context.spec().sessionId(), e);
            onLoop(() -> context.sessionFailed(AgentTexts.markedFailed("Unable to start command: " + e + "\n")),
                    () -> { });
        }
    }

    private void onLoop(Runnable task, Runnable ifLoopGone) {
        try {
            context.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            ifLoopGone.run();
        }
    }

    private void onStarted(SessionProcess started) {
        if (stopped) {
            started.close();
            return;
        }
        process = started;
        relay.attach(started);
        if (type.usesPty()) {
            // The agent's writePump waits before its first read, so the shell's first prompt comes as one chunk.
            Duration delay = context.spec().settings().shellOutputDelay();
            pendingTimer = context.eventLoop().schedule(started::resume, delay.toNanos(), TimeUnit.NANOSECONDS);
        } else {
            started.resume();
        }
    }

    private void onStartFailed(ProcessStartException e) {
        if (stopped) {
            return;
        }
        LOG.info("Session {}: {}", context.spec().sessionId(), e.getMessage());
        if (e.stage() == ProcessStartException.Stage.LAUNCHING) {
            byte[] text = e.agentText().getBytes(StandardCharsets.UTF_8);
            after(LAUNCH_FAILURE_DELAY, () -> relay.onLaunchFailure(UNKNOWN_EXIT_CODE, text));
        } else {
            String text = AgentTexts.markedFailed(e.agentText());
            after(START_FAILURE_DELAY, () -> context.sessionFailed(text));
        }
    }

    private void after(Duration delay, Runnable action) {
        pendingTimer = context.eventLoop().schedule(() -> {
            if (!stopped) {
                action.run();
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public Delivery onInput(PayloadType payloadType, byte[] payload) {
        if (process == null) {
            return Delivery.NOT_READY; // the agent's "handler not ready": the client sends it again
        }
        return switch (payloadType) {
            case OUTPUT -> onKeys(payload);
            case SIZE -> onSize(payload);
            default -> Delivery.ACCEPTED;
        };
    }

    private Delivery onKeys(byte[] keys) {
        if (!process.hasRoomForInput(keys.length)) {
            inputRoomWanted = true;
            return Delivery.NOT_READY;
        }
        CompletableFuture<Void> written = process.write(keys);
        written.exceptionally(error -> {
            // Input after the process has ended has nowhere to go; the agent drops it too.
            LOG.debug("Session {}: input dropped: {}", context.spec().sessionId(), error.toString());
            return null;
        });
        return Delivery.ACCEPTED;
    }

    /** A Size payload: the protocol's 32-bit {@code {"cols","rows"}}, narrowed to the kernel's 16-bit size. */
    private Delivery onSize(byte[] payload) {
        Decoding<TerminalSize> size = TerminalSize.decode(payload);
        if (!size.isOk()) {
            // The agent's handler fails on a malformed Size, so the message is never acknowledged.
            LOG.debug("Session {}: malformed Size payload", context.spec().sessionId());
            return Delivery.NOT_READY;
        }
        try {
            process.resize(dev.warden.sandbox.shell.TerminalSize.narrowedLikeTheAgent(size.value().cols(),
                    size.value().rows()));
        } catch (IOException e) {
            LOG.warn("Session {}: {}", context.spec().sessionId(), e.getMessage());
        }
        return Delivery.ACCEPTED;
    }

    @Override
    public void onChannelWritable() {
        relay.onChannelWritable();
    }

    @Override
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (pendingTimer != null) {
            pendingTimer.cancel(false);
        }
        if (process != null) {
            process.close();
        }
    }

    /** The process's callbacks, all on the event loop. */
    private final class Listener implements SessionProcessListener {
        @Override
        public void onOutput(OutputKind kind, byte[] chunk) {
            if (!stopped) {
                relay.onOutput(kind, chunk);
            }
        }

        @Override
        public void onExit(int exitCode) {
            if (!stopped) {
                relay.onExit(exitCode);
            }
        }

        @Override
        public void onInputRoom() {
            if (inputRoomWanted && !stopped) {
                // Input refused earlier may be waiting, acknowledged out of order, in the engine's reorder buffer.
                inputRoomWanted = false;
                context.channel().readyToReceive();
                context.channelUsed();
            }
        }
    }
}
