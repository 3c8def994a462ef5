package dev.warden.sandbox.shell;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes input to a pty on a thread of its own. A write to a terminal blocks when the shell is not reading
 * and the terminal's input buffer is full (a large paste while a program runs), and that must never stall
 * the caller's event loop. Writes happen in submission order; the bytes waiting are capped, so a shell that
 * never reads cannot make the sandbox buffer input without bound.
 *
 * <p>Back-pressure: a caller asks {@link #hasRoomFor(int)} before submitting; when the answer is no, the
 * writer calls {@link SessionProcessListener#onInputRoom()} (through the dispatcher) once the waiting bytes
 * have fallen to half the cap, so the caller can take input again without polling.
 */
final class PtyInputWriter {

    /**
     * How much input may wait for the terminal by default; far more than a client sends between
     * acknowledgements.
     */
    static final int MAX_PENDING_BYTES = 1 << 20;

    private final OutputStream terminal;
    private final CallbackDispatcher dispatcher;
    private final int maxPendingBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition submitted = lock.newCondition();
    private final Deque<PendingWrite> queue = new ArrayDeque<>();
    private long pendingBytes;
    private boolean roomWanted;
    private boolean closed;

    private record PendingWrite(byte[] bytes, CompletableFuture<Void> written) {
    }

    PtyInputWriter(OutputStream terminal, CallbackDispatcher dispatcher, int maxPendingBytes) {
        this.terminal = terminal;
        this.dispatcher = dispatcher;
        this.maxPendingBytes = maxPendingBytes;
    }

    /**
     * Whether {@code length} more bytes fit under the cap now. A refusal is remembered: the listener hears
     * {@code onInputRoom} once the writer has caught up. After the shell has ended there is always "room";
     * the submission then fails at once, which is the caller's sign to drop the input.
     */
    boolean hasRoomFor(int length) {
        lock.lock();
        try {
            // A single message larger than the cap is let through when nothing waits, or it would never fit.
            boolean room = closed || pendingBytes == 0 || pendingBytes + length <= maxPendingBytes;
            if (!room) {
                roomWanted = true;
            }
            return room;
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code bytes}; the future completes on the executor once they are written to the terminal. */
    CompletableFuture<Void> submit(byte[] bytes) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                written.completeExceptionally(new IOException("the shell has ended"));
            } else if (pendingBytes > 0 && pendingBytes + bytes.length > maxPendingBytes) {
                written.completeExceptionally(new IOException(
                        "the shell is not reading its input; " + pendingBytes + " bytes are already waiting"));
            } else {
                queue.add(new PendingWrite(bytes.clone(), written));
                pendingBytes += bytes.length;
                submitted.signal();
            }
        } finally {
            lock.unlock();
        }
        return written;
    }

    /** Fails everything still queued and stops the writer thread once its current write returns. */
    void close() {
        Deque<PendingWrite> abandoned;
        lock.lock();
        try {
            closed = true;
            abandoned = new ArrayDeque<>(queue);
            queue.clear();
            pendingBytes = 0;
            submitted.signalAll();
        } finally {
            lock.unlock();
        }
        IOException ended = new IOException("the shell has ended");
        abandoned.forEach(pending -> dispatcher.fail(pending.written(), ended));
    }

    /** The writer thread's loop. */
    void run() {
        while (true) {
            PendingWrite next;
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    submitted.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                next = queue.poll();
            } finally {
                lock.unlock();
            }
            try {
                // Always from offset 0: pty4j's stream mishandles a non-zero offset.
                terminal.write(next.bytes(), 0, next.bytes().length);
                dispatcher.complete(next.written(), null);
            } catch (IOException e) {
                dispatcher.fail(next.written(), e);
            } finally {
                boolean announceRoom;
                lock.lock();
                try {
                    pendingBytes = Math.max(0, pendingBytes - next.bytes().length);
                    // Half the cap, not "any room": one announcement per drained batch, not one per write.
                    announceRoom = roomWanted && !closed && pendingBytes <= maxPendingBytes / 2;
                    if (announceRoom) {
                        roomWanted = false;
                    }
                } finally {
                    lock.unlock();
                }
                if (announceRoom) {
                    dispatcher.deliverInputRoom();
                }
            }
        }
    }
}
