package dev.warden.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a stream to an echo service saturated: one thread writes as fast as the stream takes bytes, another reads
 * the echo back. The counters are what the session actually carried, sampled by the caller at the start and end
 * of a measurement window, so warm-up and token-bucket bursts stay outside the figure.
 */
final class EchoLoad implements AutoCloseable {

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final Thread writer;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile IOException failure;

    EchoLoad(InputStream in, OutputStream out) {
        writer = new Thread(() -> write(out), "echo-load-writer");
        reader = new Thread(() -> read(in), "echo-load-reader");
        writer.setDaemon(true);
        reader.setDaemon(true);
        writer.start();
        reader.start();
    }

    /** A sample of both counters at one instant. */
    record Sample(long nanos, long sent, long received) {
    }

    Sample sample() throws IOException {
        if (failure != null) {
            throw failure;
        }
        return new Sample(System.nanoTime(), sent.get(), received.get());
    }

    private void write(OutputStream out) {
        byte[] chunk = new byte[16 * 1024];
        new SplittableRandom(1).nextBytes(chunk);
        try {
            while (running) {
                out.write(chunk);
                sent.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            if (running) {
                failure = e;
            }
        }
    }

    private void read(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (running) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                received.addAndGet(n);
            }
        } catch (IOException e) {
            if (running) {
                failure = e;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
        reader.interrupt();
    }
}
