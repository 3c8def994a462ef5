package dev.warden.client.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends {@code total} pseudo-random bytes through a stream to an echo service while reading the echo back, and
 * compares the SHA-256 of what went out with what came back: one flipped, lost or repeated byte shows.
 */
final class EchoTransfer {

    record Result(long sent, long received, String sentDigest, String receivedDigest) {
    }

    private final AtomicLong received = new AtomicLong();

    long received() {
        return received.get();
    }

    Result run(InputStream in, OutputStream out, long total, long seed) throws Exception {
        CompletableFuture<String> readDigest = CompletableFuture.supplyAsync(() -> {
            try {
                MessageDigest digest = sha256();
                byte[] buffer = new byte[64 * 1024];
                while (received.get() < total) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    digest.update(buffer, 0, n);
                    received.addAndGet(n);
                }
                return HexFormat.of().formatHex(digest.digest());
            } catch (IOException e) {
                throw new IllegalStateException("reading the echo failed after " + received.get() + " bytes", e);
            }
        });
        MessageDigest digest = sha256();
        Random random = new Random(seed);
        byte[] chunk = new byte[48 * 1024 + 7]; // odd size: never aligned with any payload size
        long sent = 0;
        while (sent < total) {
            int n = (int) Math.min(chunk.length, total - sent);
            random.nextBytes(chunk);
            out.write(chunk, 0, n);
            digest.update(chunk, 0, n);
            sent += n;
        }
        out.flush();
        String receivedDigest = readDigest.get();
        return new Result(sent, received.get(), HexFormat.of().formatHex(digest.digest()), receivedDigest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
