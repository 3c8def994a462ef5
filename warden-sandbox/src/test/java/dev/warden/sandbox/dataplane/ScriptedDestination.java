package dev.warden.sandbox.dataplane;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/**
 * A destination that plays the remote side of a recorded port session: it waits for the client's first
 * {@code greetingLength} bytes, answers with {@code reply}, then reads until {@code totalExpected} bytes have
 * arrived and closes, which ends an SSH-style session. What it received is the result.
 */
final class ScriptedDestination implements AutoCloseable {

    private final ServerSocket server;
    private final CompletableFuture<byte[]> received = new CompletableFuture<>();

    ScriptedDestination(int greetingLength, byte[] reply, int totalExpected) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> serve(greetingLength, reply, totalExpected), "scripted-destination");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    CompletableFuture<byte[]> received() {
        return received;
    }

    private void serve(int greetingLength, byte[] reply, int totalExpected) {
        try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (got.size() < greetingLength) {
                int n = in.read(buffer, 0, Math.min(buffer.length, greetingLength - got.size()));
                if (n < 0) {
                    break;
                }
                got.write(buffer, 0, n);
            }
            socket.getOutputStream().write(reply);
            socket.getOutputStream().flush();
            while (got.size() < totalExpected) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                got.write(buffer, 0, n);
            }
            received.complete(got.toByteArray());
        } catch (IOException e) {
            received.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
