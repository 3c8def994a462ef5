package dev.warden.client.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@link InputStream} and {@link OutputStream} views of {@link CallerInbound} and {@link CallerOutbound}. */
public final class CallerStreams {

    private CallerStreams() {
    }

    public static InputStream input(CallerInbound inbound, Runnable onClose) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = inbound.read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return inbound.read(b, off, len);
            }

            @Override
            public int available() {
                return inbound.available();
            }

            @Override
            public void close() {
                onClose.run();
            }
        };
    }

    public static OutputStream output(CallerOutbound outbound, Runnable onClose) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                outbound.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                outbound.write(b, off, len);
            }

            @Override
            public void close() {
                onClose.run();
            }
        };
    }
}
