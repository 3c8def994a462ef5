package dev.warden.cli.resident;

import java.io.IOException;
import java.io.OutputStream;

/** A launcher's standard output or error inside the resident: every write goes out at once as frames. */
final class LauncherOutput extends OutputStream {

    private static final int MAX_FRAME = 64 * 1024;

    private final FrameChannel frames;
    private final byte type;

    LauncherOutput(FrameChannel frames, byte type) {
        this.frames = frames;
        this.type = type;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        for (int done = 0; done < length; ) {
            int n = Math.min(MAX_FRAME, length - done);
            frames.write(type, bytes, offset + done, n);
            done += n;
        }
    }

    /** Nothing to close: the connection outlives the stream, to carry the exit code. */
    @Override
    public void close() {
    }
}
