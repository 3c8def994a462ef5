package dev.warden.cli.plugin;

import dev.warden.client.SessionEnd;
import dev.warden.client.port.PortSession;
import dev.warden.client.port.PortStream;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A byte-stream port session (AWS-StartSSHSession) on this process's stdin and stdout, for an SSH ProxyCommand:
 * stdout carries the remote bytes and nothing else. End of stdin ends the stream (and so the session), as with the
 * official plugin.
 */
final class StdioStream {

    private final InputStream in;
    private final OutputStream out;

    StdioStream(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    static StdioStream ofProcess() {
        return new StdioStream(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
    }

    /** Copies both ways until the session ends and every byte it delivered is on stdout. */
    SessionEnd run(PortSession session) throws InterruptedException {
        PortStream stream = session.openStream();
        Thread up = new Thread(() -> copyUp(stream), "warden-stdin");
        up.setDaemon(true); // a read of stdin that never returns must not keep the process alive
        up.start();
        Thread down = new Thread(() -> copyDown(stream), "warden-stdout");
        down.start();
        SessionEnd end = session.completion().join();
        down.join(10_000); // the stream reaches its end once the session did: flush what it delivered first
        return end;
    }

    private void copyUp(PortStream stream) {
        try (OutputStream remote = stream.output()) {
            in.transferTo(remote);
        } catch (IOException e) {
            // the stream ended under us; the session's end says why
        }
    }

    private void copyDown(PortStream stream) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream remote = stream.input()) {
            int n;
            while ((n = remote.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // stdout closed (ssh went away) or the stream failed; the session ends either way
            stream.close();
        }
    }
}
