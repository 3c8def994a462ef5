package dev.warden.client.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes from the session waiting for a caller thread to read them: filled on the event loop without blocking,
 * emptied by a blocking reader. The event loop asks {@link #wantsMore()} and stops reading the data channel while
 * it is false; when the reader has drained the buffer to half, {@code drained} runs so the loop reads again. The
 * buffer therefore stays near {@code limit}, never unbounded.
 */
public final class CallerInbound {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final long limit;
    private final Runnable drained;
    private int headOffset;
    private long bufferedBytes;
    private boolean throttled;
    private boolean finished;
    private IOException failure;

    /**
     * @param limit   bytes buffered before {@link #wantsMore()} turns false
     * @param drained called on the reading thread when a throttled buffer has drained to half; it should
     *                schedule the event loop to read again
     */
    public CallerInbound(long limit, Runnable drained) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.limit = limit;
        this.drained = Objects.requireNonNull(drained, "drained");
    }

    /** Event loop: appends bytes (owned by the buffer from now on). Never blocks. */
    public void offer(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        lock.lock();
        try {
            if (finished || failure != null) {
                return;
            }
            chunks.add(bytes);
            bufferedBytes += bytes.length;
            if (bufferedBytes >= limit) {
                throttled = true;
            }
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Event loop: whether more bytes are welcome. */
    public boolean wantsMore() {
        lock.lock();
        try {
            return bufferedBytes < limit;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes waiting for the reader. */
    public long bufferedBytes() {
        lock.lock();
        try {
            return bufferedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** The end of the data: readers get what is buffered, then end-of-stream. */
    public void finish() {
        lock.lock();
        try {
            finished = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reads fail with {@code cause} once the buffer is empty. */
    public void fail(IOException cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The reader gave up: drop what is buffered and anything that still arrives. */
    public void discard() {
        lock.lock();
        try {
            finished = true;
            chunks.clear();
            bufferedBytes = 0;
            headOffset = 0;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocking read, like {@link java.io.InputStream#read(byte[], int, int)}: -1 at the end. */
    public int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        boolean wake = false;
        int total = 0;
        lock.lock();
        try {
            while (chunks.isEmpty()) {
                if (finished) {
                    return -1;
                }
                if (failure != null) {
                    throw new IOException(failure.getMessage(), failure);
                }
                try {
                    readable.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for data");
                }
            }
            while (total < length && !chunks.isEmpty()) {
                byte[] head = chunks.peek();
                int n = Math.min(length - total, head.length - headOffset);
                System.arraycopy(head, headOffset, into, offset + total, n);
                total += n;
                headOffset += n;
                if (headOffset == head.length) {
                    chunks.poll();
                    headOffset = 0;
                }
            }
            bufferedBytes -= total;
            if (throttled && bufferedBytes <= limit / 2) {
                throttled = false;
                wake = true;
            }
        } finally {
            lock.unlock();
        }
        if (wake) {
            drained.run();
        }
        return total;
    }

    /** Bytes that can be read without blocking. */
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, bufferedBytes);
        } finally {
            lock.unlock();
        }
    }
}
