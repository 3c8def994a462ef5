package dev.warden.sandbox.shell;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a process's output, exit and future completions to the caller's executor (its event loop), and
 * copies output to the session log on the way.
 *
 * <p>Output delivery is stop-and-wait: {@link #deliverOutput} returns only after the listener has handled
 * the chunk, so a reader never has more than one chunk outstanding and the event loop's task queue cannot
 * grow without bound. This is also what makes {@link SessionProcess#pause()} from inside
 * {@code onOutput} take effect before the next read.
 */
final class CallbackDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);

    private final Executor executor;
    private final SessionProcessListener listener;
    private final SessionLogWriter sessionLog;
    private volatile boolean silenced;
    private volatile boolean sessionLogBroken;

    /** @param sessionLog where output is copied, or {@code null} for none */
    CallbackDispatcher(Executor executor, SessionProcessListener listener, SessionLogWriter sessionLog) {
        this.executor = executor;
        this.listener = listener;
        this.sessionLog = sessionLog;
    }

    /** From now on the listener is not called; tasks already queued on the executor skip it too. */
    void silence() {
        silenced = true;
    }

    boolean isSilenced() {
        return silenced;
    }

    /**
     * Logs the chunk and has the listener handle it on the executor; blocks the calling reader thread until
     * it has. Returns {@code false} if the reader should stop: the listener was silenced, the executor
     * refused the task, or the reader was interrupted.
     */
    boolean deliverOutput(OutputKind kind, byte[] chunk) {
        if (silenced) {
            return false;
        }
        appendToSessionLog(chunk);
        CompletableFuture<Void> handled = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    if (!silenced) {
                        listener.onOutput(kind, chunk);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Session output listener failed; the chunk is dropped", e);
                } finally {
                    handled.complete(null);
                }
            });
            handled.get();
            return !silenced;
        } catch (RejectedExecutionException e) {
            LOG.warn("Executor refused session output; the reader stops", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreachable: the future is only ever completed normally", e);
        }
    }

    /** Closes the session log (so it is complete when the listener hears of the exit) and reports the exit. */
    void deliverExit(int exitCode) {
        closeSessionLog();
        run(() -> {
            if (!silenced) {
                listener.onExit(exitCode);
            }
        }, false);
    }

    /** Tells the listener, on the executor, that refused input would now be taken. */
    void deliverInputRoom() {
        run(() -> {
            if (!silenced) {
                listener.onInputRoom();
            }
        }, false);
    }

    /** Completes {@code future} on the executor, so that its dependents run there too. */
    <T> void complete(CompletableFuture<T> future, T value) {
        run(() -> future.complete(value), true);
    }

    /** Fails {@code future} on the executor. */
    void fail(CompletableFuture<?> future, Throwable error) {
        run(() -> future.completeExceptionally(error), true);
    }

    void closeSessionLog() {
        if (sessionLog == null) {
            return;
        }
        try {
            sessionLog.close();
        } catch (IOException e) {
            LOG.warn("Could not finish session log {}", sessionLog.file(), e);
        }
    }

    private void appendToSessionLog(byte[] chunk) {
        if (sessionLog == null || sessionLogBroken) {
            return;
        }
        try {
            sessionLog.append(chunk);
        } catch (IOException e) {
            // A full disk must not end the user's session; the agent also keeps going without its log file.
            sessionLogBroken = true;
            LOG.warn("Session log {} stopped: {}", sessionLog.file(), e.toString());
        }
    }

    /**
     * Runs {@code task} on the executor. If the executor refuses (the event loop is gone), a future is still
     * settled right here so that nobody waits forever, but the listener is never called off the executor.
     */
    private void run(Runnable task, boolean runHereIfRefused) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Session process callback failed", e);
            }
        };
        try {
            executor.execute(guarded);
        } catch (RejectedExecutionException e) {
            if (runHereIfRefused) {
                guarded.run();
            }
        }
    }
}
