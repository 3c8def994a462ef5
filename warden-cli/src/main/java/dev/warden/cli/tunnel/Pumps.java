package dev.warden.cli.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies a blocking stream into another on a daemon thread, flushing every read (an interactive stream). */
final class Pumps {

    private Pumps() {
    }

    /** Copies until end-of-stream, then closes the destination. */
    static void start(String name, InputStream from, OutputStream to) {
        start(name, from, to, true);
    }

    /**
     * Copies until end-of-stream; then closes the destination, or with {@code closeAtEnd} false only flushes it
     * (the session's byte stream has no half-close: closing it would end the session and lose the remote's answer).
     */
    static void start(String name, InputStream from, OutputStream to, boolean closeAtEnd) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[32 * 1024];
            try {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
                if (closeAtEnd) {
                    to.close();
                }
            } catch (IOException e) {
                // the other side is gone; the session's end reports why
            }
        }, name);
        pump.setDaemon(true);
        pump.start();
    }
}
