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
 * same sequence, both directions at once (full duplex). Neither side is closed: the reader stops once it has as
 * many bytes as were sent, so the caller decides how the connection ends.
 */
public final class CheckedTransfer {

    /** What was sent and received, and the offset of the first wrong byte (-1 if none). */
    public record Result(long sent, long received, long firstMismatch) {
        public boolean intact() {
            return firstMismatch < 0 && sent == received;
        }
    }

    private static final int CHUNK = 16 * 1024;

    private CheckedTransfer() {
    }

    /** Sends {@code bytes} and checks their echo. */
    public static Result ofSize(InputStream in, OutputStream out, long bytes, long seed) throws IOException {
        CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
            Random random = new Random(seed);
            byte[] buffer = new byte[CHUNK];
            long sent = 0;
            try {
                while (sent < bytes) {
                    int n = (int) Math.min(CHUNK, bytes - sent);
                    random.nextBytes(buffer); // whole chunks, so the reader's regeneration stays in step
                    out.write(buffer, 0, n);
                    sent += n;
                }
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException("writing failed after " + sent + " bytes", e);
            }
            return sent;
        });
        AtomicLong total = new AtomicLong(bytes);
        Result read = read(in, seed, total);
        return new Result(writer.join(), read.received(), read.firstMismatch());
    }

    /**
     * Sends {@code chunk}-byte pieces while {@code keepWriting} is true, pausing {@code pauseMillis} between them
     * (the pace of the load, not synchronisation), then one last piece; checks their echo.
     */
    public static Result whileTrue(InputStream in, OutputStream out, BooleanSupplier keepWriting, long seed,
                                   long pauseMillis) throws IOException {
        AtomicLong total = new AtomicLong(-1);
        CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
            Random random = new Random(seed);
            byte[] buffer = new byte[CHUNK];
            long sent = 0;
            try {
                while (true) {
                    random.nextBytes(buffer);
                    boolean last = !keepWriting.getAsBoolean();
                    if (last) {
                        total.set(sent + CHUNK); // announced before it is written, so the reader cannot miss it
                    }
                    out.write(buffer);
                    out.flush();
                    sent += CHUNK;
                    if (last) {
                        return sent;
                    }
                    Thread.sleep(pauseMillis);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("writing failed after " + sent + " bytes", e);
            }
        });
        Result read = read(in, seed, total);
        return new Result(writer.join(), read.received(), read.firstMismatch());
    }

    /** Regenerates the sender's sequence chunk by chunk and compares, until {@code total} (once known) arrived. */
    private static Result read(InputStream in, long seed, AtomicLong total) throws IOException {
        Random random = new Random(seed);
        byte[] expected = new byte[CHUNK];
        int expectedPos = CHUNK;
        byte[] buffer = new byte[64 * 1024];
        long received = 0;
        long mismatch = -1;
        while (total.get() < 0 || received < total.get()) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (expectedPos == CHUNK) {
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
