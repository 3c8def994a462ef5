package dev.warden.cli.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies a blocking stream into another on a daemon thread, flushing every read (an interactive stream). */
final class Pumps {

    private Pumps() {
    }

    /** Copies until end-of-stream, then closes the destination: stdin EOF becomes a half-close towards the remote. */
    static void start(String name, InputStream from, OutputStream to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[32 * 1024];
            try (to) {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // the other side is gone; the session's end reports why
            }
        }, name);
        pump.setDaemon(true);
        pump.start();
    }
}
