package dev.warden.cli.resident;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A launcher's standard input inside the resident: the chunks its STDIN frames carried, in order, then the end.
 * The queue is bounded, so a command that reads slowly holds up the connection's reader and, through the socket,
 * the launcher's reading of stdin.
 */
final class LauncherInput extends InputStream {

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(16);
    private byte[] current;
    private int position;
    private boolean ended;

    /** Adds a chunk; blocks while the command has not read the earlier ones. */
    void add(byte[] chunk) throws InterruptedException {
        if (chunk.length > 0) {
            chunks.put(chunk);
        }
    }

    /** Ends the input, after the chunks before it: the launcher's stdin ended. */
    void end() throws InterruptedException {
        chunks.put(END);
    }

    /** Ends the input at once, dropping what was not read: the launcher is gone, and its session with it. */
    void abandon() {
        chunks.clear();
        chunks.offer(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (current == null || position == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for standard input");
            }
            position = 0;
            if (current == END) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }
}
