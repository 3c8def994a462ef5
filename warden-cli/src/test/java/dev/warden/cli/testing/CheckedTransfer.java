package dev.warden.cli.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Sends a seeded pseudo-random byte stream through an echo path and checks every byte that comes back against the
 * same sequence, in both directions at once (full duplex). The writer stops when {@code keepWriting} says so (a
 * byte count or a duration) and closes its side; the reader runs to end-of-stream.
 */
public final class CheckedTransfer {

    /** What was sent and received, and the offset of the first wrong byte (-1 if none). */
    public record Result(long sent, long received, long firstMismatch) {
        public boolean intact() {
            return firstMismatch < 0 && sent == received;
        }
    }

    private CheckedTransfer() {
    }

    /** Runs until {@code bytes} were sent and echoed. */
    public static Result ofSize(InputStream in, OutputStream out, long bytes, long seed) throws Exception {
        AtomicLong sent = new AtomicLong();
        return run(in, out, () -> sent.get() < bytes, sent, bytes, seed);
    }

    /** Sends {@code chunk} bytes at a time while {@code keepWriting} is true, waiting {@code pauseMillis} between. */
    public static Result whileTrue(InputStream in, OutputStream out, BooleanSupplier keepWriting, long seed,
                                   int chunk, long pauseMillis) throws Exception {
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            Random random = new Random(seed);
            byte[] buffer = new byte[chunk];
            try (out) {
                while (keepWriting.getAsBoolean()) {
                    random.nextBytes(buffer);
                    out.write(buffer);
                    out.flush();
                    sent.addAndGet(buffer.length);
                    if (pauseMillis > 0) {
                        Thread.sleep(pauseMillis); // pacing of the load, not synchronisation
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("writing failed after " + sent.get() + " bytes", e);
            }
        });
        Result result = read(in, seed, chunk);
        writer.join();
        return new Result(sent.get(), result.received(), result.firstMismatch());
    }

    private static Result run(InputStream in, OutputStream out, BooleanSupplier keepWriting, AtomicLong sent,
                              long limit, long seed) throws Exception {
        int chunk = 16 * 1024;
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            Random random = new Random(seed);
            byte[] buffer = new byte[chunk];
            try (out) {
                while (keepWriting.getAsBoolean()) {
                    int n = (int) Math.min(chunk, limit - sent.get());
                    // Whole chunks from the generator, so the reader's regeneration stays in step.
                    random.nextBytes(buffer);
                    out.write(buffer, 0, n);
                    sent.addAndGet(n);
                }
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException("writing failed after " + sent.get() + " bytes", e);
            }
        });
        Result result = read(in, seed, chunk);
        writer.join();
        return new Result(sent.get(), result.received(), result.firstMismatch());
    }

    /** Regenerates the sender's sequence chunk by chunk and compares. */
    private static Result read(InputStream in, long seed, int chunk) throws IOException {
        Random random = new Random(seed);
        byte[] expected = new byte[chunk];
        int expectedPos = chunk;
        byte[] buffer = new byte[64 * 1024];
        long received = 0;
        long mismatch = -1;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            for (int i = 0; i < n; i++) {
                if (expectedPos == chunk) {
                    random.nextBytes(expected);
                    expectedPos = 0;
                }
                if (mismatch < 0 && buffer[i] != expected[expectedPos]) {
                    mismatch = received + i;
                }
                expectedPos++;
            }
            received += n;
        }
        return new Result(0, received, mismatch);
    }
}
