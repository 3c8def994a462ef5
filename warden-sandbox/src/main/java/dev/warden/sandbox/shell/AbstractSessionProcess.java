package dev.warden.sandbox.shell;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a command and a pty shell have in common as session processes: output held back through the gate,
 * callbacks through the dispatcher, and the end. {@link #close()} acts once, and kills only a process that has
 * not ended yet; {@link #whenTerminated()} completes when the subclass has reaped the process.
 */
abstract class AbstractSessionProcess implements SessionProcess {

    final long pid;
    final OutputGate gate;
    final CallbackDispatcher dispatcher;
    final CompletableFuture<Integer> terminated = new CompletableFuture<>();
    final AtomicBoolean closed = new AtomicBoolean();
    /** Set once the process has been reaped: nothing is left to kill. */
    volatile boolean ended;

    AbstractSessionProcess(long pid, boolean startPaused, CallbackDispatcher dispatcher) {
        this.pid = pid;
        this.gate = new OutputGate(startPaused);
        this.dispatcher = dispatcher;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void pause() {
        gate.pause();
    }

    @Override
    public void resume() {
        gate.resume();
    }

    /** Silences the listener, stops the output, then {@link #stopInput()} and {@link #kill()}. Does not block. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        dispatcher.silence();
        gate.close();
        stopInput();
        if (!ended) {
            kill();
        }
    }

    /** Stops taking input, before the kill; nothing to do for a process whose input is not queued. */
    void stopInput() {
    }

    /** Kills the process and what it started, with SIGKILL; only while it has not ended. Does not block. */
    abstract void kill();

    @Override
    public CompletableFuture<Integer> whenTerminated() {
        return terminated;
    }

    static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
