package dev.warden.client.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes that caller threads write towards the session, drained by the session's event loop: a bounded queue
 * between a blocking writer and a non-blocking consumer. {@link #write} blocks while {@code limit} bytes wait, so a
 * fast producer is held back by the data channel's own back-pressure instead of growing memory.
 *
 * <p>Writes keep their boundaries: {@link #next} returns at most one write (or part of one), so keyboard input
 * goes out one message per key press; {@link #next} with {@code coalesce} merges small writes for throughput.
 */
public final class CallerOutbound {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final long limit;
    private final Runnable wake;
    private int headOffset;
    private long queuedBytes;
    private boolean closed;
    private IOException failure;

    /**
     * @param limit bytes that may wait before {@link #write} blocks
     * @param wake  called (on the writing thread) when data or the end arrives in an empty queue; it should
     *              schedule a drain on the event loop
     */
    public CallerOutbound(long limit, Runnable wake) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.limit = limit;
        this.wake = Objects.requireNonNull(wake, "wake");
    }

    /** Queues a copy of the bytes, blocking while the queue is full. */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return;
        }
        boolean wasEmpty;
        lock.lock();
        try {
            while (failure == null && !closed && queuedBytes >= limit) {
                try {
                    notFull.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting to send");
                }
            }
            if (failure != null) {
                throw new IOException(failure.getMessage(), failure);
            }
            if (closed) {
                throw new IOException("the stream is closed");
            }
            wasEmpty = chunks.isEmpty();
            byte[] copy = new byte[length];
            System.arraycopy(bytes, offset, copy, 0, length);
            chunks.add(copy);
            queuedBytes += length;
        } finally {
            lock.unlock();
        }
        if (wasEmpty) {
            wake.run();
        }
    }

    /** No more writes; what is queued still drains. */
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        wake.run();
    }

    /** The session ended: pending and future writes fail with {@code cause}; queued bytes are dropped. */
    public void fail(IOException cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            chunks.clear();
            queuedBytes = 0;
            headOffset = 0;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next piece of at most {@code max} bytes, or null when nothing waits. Without {@code coalesce} a
     * piece never spans two writes.
     */
    public byte[] next(int max, boolean coalesce) {
        lock.lock();
        try {
            if (chunks.isEmpty()) {
                return null;
            }
            int total = coalesce ? (int) Math.min(max, queuedBytes) : Math.min(max, chunks.peek().length - headOffset);
            byte[] piece = new byte[total];
            int filled = 0;
            while (filled < total) {
                byte[] head = chunks.peek();
                int n = Math.min(total - filled, head.length - headOffset);
                System.arraycopy(head, headOffset, piece, filled, n);
                filled += n;
                headOffset += n;
                if (headOffset == head.length) {
                    chunks.poll();
                    headOffset = 0;
                }
            }
            boolean wasFull = queuedBytes >= limit;
            queuedBytes -= total;
            if (wasFull && queuedBytes < limit) {
                notFull.signalAll();
            }
            return piece;
        } finally {
            lock.unlock();
        }
    }

    public boolean isEmpty() {
        lock.lock();
        try {
            return chunks.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Closed by the writer and everything taken. */
    public boolean isClosedAndDrained() {
        lock.lock();
        try {
            return closed && chunks.isEmpty();
        } finally {
            lock.unlock();
        }
    }
}
