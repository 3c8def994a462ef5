package dev.warden.cli.resident;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher–resident conversation on a Unix domain socket: frames of a type byte, a 4-byte length and the
 * payload. Writes may come from several threads (the remote bytes, status lines, the exit code) and are whole
 * frames each; reads come from one thread.
 *
 * <p>Reads and writes go to the channel directly: JDK 17's {@code Channels.newInputStream} holds the channel's
 * blocking lock while it waits to read, which would block every write in the meantime.
 */
final class FrameChannel implements AutoCloseable {

    /** Launcher to resident: run a command (protocol version, launcher pid, arguments). */
    static final byte RUN = 1;
    /** Launcher to resident: report pid, start time and running commands. */
    static final byte STATUS = 2;
    /** Launcher to resident: take no new command, exit once the running ones have ended. */
    static final byte STOP = 3;
    /** Launcher to resident: standard input bytes. */
    static final byte STDIN = 4;
    /** Launcher to resident: standard input ended. */
    static final byte STDIN_END = 5;
    /** Resident to launcher: the command runs here; standard input may flow. */
    static final byte ACCEPTED = 16;
    /** Resident to launcher: not run here (a reason follows); the launcher runs it itself. */
    static final byte DECLINED = 17;
    /** Resident to launcher: standard output bytes. */
    static final byte STDOUT = 18;
    /** Resident to launcher: standard error bytes. */
    static final byte STDERR = 19;
    /** Resident to launcher: the command's exit code; nothing follows. */
    static final byte EXIT = 20;
    /** Resident to launcher: the answer to {@link #STATUS} or {@link #STOP}. */
    static final byte REPORT = 21;

    /** Bumped whenever a frame's meaning changes: a resident declines launchers of another version. */
    static final int PROTOCOL_VERSION = 1;

    private static final int MAX_PAYLOAD = 1 << 20;
    private static final int HEADER = 5;

    /** A frame as read. */
    record Frame(byte type, byte[] payload) {
    }

    private final SocketChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(HEADER);

    FrameChannel(SocketChannel channel) {
        this.channel = channel;
    }

    SocketChannel channel() {
        return channel;
    }

    /** Writes one frame, whole, even when other threads write too. */
    void write(byte type, byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(HEADER).put(type).putInt(length).flip();
        ByteBuffer body = ByteBuffer.wrap(bytes, offset, length);
        synchronized (this) {
            while (head.hasRemaining() || body.hasRemaining()) {
                channel.write(new ByteBuffer[] {head, body});
            }
        }
    }

    void write(byte type, byte[] payload) throws IOException {
        write(type, payload, 0, payload.length);
    }

    void write(byte type) throws IOException {
        write(type, new byte[0]);
    }

    /** The next frame, or null when the other side closed the connection between frames. */
    Frame read() throws IOException {
        header.clear();
        if (!fill(header, true)) {
            return null;
        }
        header.flip();
        byte type = header.get();
        int length = header.getInt();
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("malformed frame from the other side: length " + length);
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        fill(payload, false);
        return new Frame(type, payload.array());
    }

    private boolean fill(ByteBuffer buffer, boolean endAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (endAllowed && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("the connection ended inside a frame");
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** A RUN frame's payload. */
    static byte[] runPayload(long launcherPid, List<String> args) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(PROTOCOL_VERSION);
            out.writeLong(launcherPid);
            out.writeInt(args.size());
            for (String arg : args) {
                out.writeUTF(arg);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen in memory", e);
        }
    }

    /** A RUN frame's content, as the resident reads it. */
    record Run(int version, long launcherPid, List<String> args) {

        static Run parse(byte[] payload) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
            int version = in.readInt();
            if (version != PROTOCOL_VERSION) {
                return new Run(version, 0, List.of());
            }
            long pid = in.readLong();
            int count = in.readInt();
            List<String> args = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                args.add(in.readUTF());
            }
            return new Run(version, pid, args);
        }
    }
}
