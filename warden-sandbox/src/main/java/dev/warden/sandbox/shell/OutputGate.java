package dev.warden.sandbox.shell;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pause switch shared by the output readers of one process. A reader asks the gate before every read
 * and waits while it is paused, so a paused process's output stays in the kernel buffer instead of piling
 * up in memory. Closing the gate releases waiting readers for good.
 */
final class OutputGate {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean paused;
    private boolean closed;

    OutputGate(boolean startPaused) {
        this.paused = startPaused;
    }

    void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    void resume() {
        lock.lock();
        try {
            paused = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isPaused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits while the gate is paused. Returns {@code true} when the caller may read, {@code false} once the
     * gate is closed (or the waiting thread is interrupted) and the caller should stop.
     */
    boolean awaitOpen() {
        lock.lock();
        try {
            while (paused && !closed) {
                changed.await();
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
