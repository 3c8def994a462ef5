package dev.warden.bench.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The client's memory with many open forwarded connections: {@code warden forward} (one multiplexed session) in
 * its own JVM, then N connections to its listener, each carrying a checked echo and left open. Heap after a full
 * GC and resident set of the client process, before the connections and with them.
 *
 * <p>Usage: {@code java -cp warden-bench/target/benchmarks.jar dev.warden.bench.e2e.ClientMemory
 * [--connections 1000]}
 */
public final class ClientMemory {

    private ClientMemory() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of("--connections", "1000"));
        int connections = Integer.parseInt(options.get("--connections"));
        Path work = Files.createTempDirectory("warden-client-memory-bench");
        List<Socket> open = new ArrayList<>();
        try (LoopbackEcho echo = new LoopbackEcho();
             SandboxProcess sandbox = SandboxProcess.start(work, Fleet.config(echo.port()));
             ForwardProcess forward = ForwardProcess.start(work, sandbox, "0:5432")) {
            // One connection first, so the classes and buffer pools of the forwarding path exist in both readings;
            // and one full GC before the reading, since the first one after start-up also hands memory back.
            try (Socket first = new Socket(InetAddress.getLoopbackAddress(), forward.localPort())) {
                roundTrip(first, -1);
            }
            JvmMemory.afterGc(forward.pid());
            JvmMemory.Memory idle = JvmMemory.afterGc(forward.pid());
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), forward.localPort());
                open.add(socket);
                roundTrip(socket, i);
            }
            JvmMemory.Memory loaded = JvmMemory.afterGc(forward.pid());
            for (int i = 0; i < open.size(); i += 97) {
                roundTrip(open.get(i), i); // still open and forwarding after the GC
            }
            System.out.printf("Client (warden forward, one multiplexed session) memory after a full GC: with its "
                            + "listener only (one connection carried and closed) %.0f MiB resident (%.1f MiB heap); with %d open connections %.0f MiB "
                            + "resident (%.1f MiB heap): %.1f KiB heap and %.0f KiB resident per connection%n",
                    idle.residentMiB(), idle.heapUsedMiB(), connections, loaded.residentMiB(), loaded.heapUsedMiB(),
                    (loaded.heapUsedMiB() - idle.heapUsedMiB()) * 1024 / connections,
                    (loaded.residentMiB() - idle.residentMiB()) * 1024 / connections);
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
        System.exit(0);
    }

    /** Sends a line naming the connection and checks that exactly that line comes back. */
    private static void roundTrip(Socket socket, int index) throws IOException {
        byte[] line = ("connection " + index + " of the client memory benchmark\n")
                .getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(line);
        byte[] back = socket.getInputStream().readNBytes(line.length);
        Fleet.require(Arrays.equals(line, back), "connection " + index + " did not echo its line");
    }
}
