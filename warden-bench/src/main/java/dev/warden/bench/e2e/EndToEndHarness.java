package dev.warden.bench.e2e;

import dev.warden.bench.e2e.EchoLoad.Sample;
import dev.warden.client.WardenClient;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortMode;
import dev.warden.client.port.PortSession;
import dev.warden.client.port.PortStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end harness: the sandbox as its own process ({@code warden sandbox}), the client in this JVM, a
 * loopback echo service behind the emulated instance, real sockets and websockets throughout. Measures
 *
 * <ol>
 *   <li>start-up time of the sandbox to a ready endpoint;</li>
 *   <li>one port session with 1 KiB frames and no pacing: MB/s each way, multiplexed (local listener, smux) and
 *       byte-stream (the SSH ProxyCommand mode);</li>
 *   <li>the same with the sandbox's service-like frame-rate cap: the rate against the cap;</li>
 *   <li>the sandbox's memory with 100 open sessions.</li>
 * </ol>
 *
 * Usage: {@code java -cp warden-bench/target/benchmarks.jar dev.warden.bench.e2e.EndToEndHarness
 * [--seconds 10] [--cap 1000] [--sessions 100]}
 */
public final class EndToEndHarness {

    private static final int FRAME = Fleet.FRAME;
    private static final double MB = 1_000_000.0;

    private final int seconds;
    private final int cap;
    private final int sessions;
    private final Path work;
    private final LoopbackEcho echo;

    private EndToEndHarness(int seconds, int cap, int sessions, Path work, LoopbackEcho echo) {
        this.seconds = seconds;
        this.cap = cap;
        this.sessions = sessions;
        this.work = work;
        this.echo = echo;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of("--seconds", "10", "--cap", "1000",
                "--sessions", "100"));
        Path work = Files.createTempDirectory("warden-e2e-bench");
        try (LoopbackEcho echo = new LoopbackEcho()) {
            EndToEndHarness harness = new EndToEndHarness(Integer.parseInt(options.get("--seconds")),
                    Integer.parseInt(options.get("--cap")), Integer.parseInt(options.get("--sessions")), work, echo);
            harness.run();
        }
        System.exit(0); // the client's SDK threads are daemons, but say so explicitly: the run is over
    }

    private void run() throws Exception {
        System.out.printf("Warden end-to-end harness: %d s windows, %d-byte frames, %d cores, Java %s%n%n",
                seconds, FRAME, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        measureStartup();
        try (SandboxProcess sandbox = SandboxProcess.start(work, Fleet.config(echo.port()));
             WardenClient client = Fleet.client(sandbox)) {
            measureUnpaced(client);
        }
        try (SandboxProcess sandbox = SandboxProcess.start(work, Fleet.config(echo.port()),
                "--max-frames-per-second", Integer.toString(cap));
             WardenClient client = Fleet.client(sandbox)) {
            measurePaced(client);
        }
        try (SandboxProcess sandbox = SandboxProcess.start(work, Fleet.config(echo.port()));
             WardenClient client = Fleet.client(sandbox)) {
            measureMemory(sandbox, client);
        }
    }

    private void measureStartup() throws Exception {
        double[] millis = new double[5];
        for (int i = 0; i < millis.length; i++) {
            try (SandboxProcess sandbox = SandboxProcess.start(work, Fleet.config(echo.port()))) {
                millis[i] = sandbox.startupMillis();
            }
        }
        Arrays.sort(millis);
        System.out.printf("Start-up to a ready endpoint (JVM start included), 5 runs: median %.0f ms, "
                + "min %.0f ms, max %.0f ms%n%n", millis[2], millis[0], millis[4]);
    }

    private void measureUnpaced(WardenClient client) throws Exception {
        PortSession multiplexed = client.startPortSession(Fleet.portForwarding(), LocalPort.listen(0), null)
                .get(30, TimeUnit.SECONDS);
        Fleet.require(multiplexed.mode() == PortMode.MULTIPLEXED, "expected a multiplexed session");
        InetSocketAddress local = multiplexed.localAddress().orElseThrow();
        try (Socket socket = new Socket(local.getAddress(), local.getPort())) {
            report("Unpaced, multiplexed (local listener, smux)", measure(socket.getInputStream(),
                    socket.getOutputStream()));
        }
        EngineCounters.print(multiplexed);
        multiplexed.close();

        PortSession byteStream = client.startPortSession(Fleet.ssh(), LocalPort.none(), null)
                .get(30, TimeUnit.SECONDS);
        Fleet.require(byteStream.mode() == PortMode.BYTE_STREAM, "expected a byte-stream session");
        try (PortStream stream = byteStream.openStream()) {
            report("Unpaced, byte stream (SSH ProxyCommand mode)", measure(stream.input(), stream.output()));
        }
        EngineCounters.print(byteStream);
        byteStream.close();
        System.out.println();
    }

    private void measurePaced(WardenClient client) throws Exception {
        PortSession session = client.startPortSession(Fleet.ssh(), LocalPort.none(), null)
                .get(30, TimeUnit.SECONDS);
        try (PortStream stream = session.openStream()) {
            Window window = measure(stream.input(), stream.output());
            report("Paced at " + cap + " frames/s, byte stream", window);
            double framesUp = window.sentPerSecond() / FRAME;
            double framesDown = window.receivedPerSecond() / FRAME;
            System.out.printf("  frames/s: %.1f up, %.1f down; cap %d; deviation %+.2f%% up, %+.2f%% down%n%n",
                    framesUp, framesDown, cap, 100 * (framesUp - cap) / cap, 100 * (framesDown - cap) / cap);
        }
        EngineCounters.print(session);
        session.close();
    }

    private void measureMemory(SandboxProcess sandbox, WardenClient client) throws Exception {
        JvmMemory.Memory idle = sandbox.memoryAfterGc();
        List<PortSession> open = new ArrayList<>();
        List<PortStream> streams = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            PortSession session = client.startPortSession(Fleet.ssh(), LocalPort.none(), null)
                .get(30, TimeUnit.SECONDS);
            PortStream stream = session.openStream();
            roundTrip(stream); // the agent side is connected to the echo service and has carried data
            open.add(session);
            streams.add(stream);
        }
        JvmMemory.Memory loaded = sandbox.memoryAfterGc();
        System.out.printf("Sandbox memory after a full GC: idle %.0f MiB resident (%.1f MiB heap); with %d open "
                        + "sessions %.0f MiB resident (%.1f MiB heap): %.0f KiB heap per session%n",
                idle.residentMiB(), idle.heapUsedMiB(), sessions, loaded.residentMiB(), loaded.heapUsedMiB(),
                (loaded.heapUsedMiB() - idle.heapUsedMiB()) * 1024 / sessions);
        streams.forEach(PortStream::close);
        open.forEach(PortSession::close);
    }

    private static void roundTrip(PortStream stream) throws IOException {
        byte[] ping = "ping\n".getBytes(StandardCharsets.US_ASCII);
        stream.output().write(ping);
        stream.output().flush();
        byte[] back = stream.input().readNBytes(ping.length);
        Fleet.require(Arrays.equals(ping, back), "the echo did not come back");
    }

    /** Saturates the stream, skips a warm-up of a third of the window, then measures one window. */
    private Window measure(InputStream in, OutputStream out) throws Exception {
        try (EchoLoad load = new EchoLoad(in, out)) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(Math.max(2, seconds / 3)));
            Sample start = load.sample();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            Sample end = load.sample();
            return new Window(start, end);
        }
    }

    private record Window(Sample start, Sample end) {
        double seconds() {
            return (end.nanos() - start.nanos()) / 1e9;
        }

        double sentPerSecond() {
            return (end.sent() - start.sent()) / seconds();
        }

        double receivedPerSecond() {
            return (end.received() - start.received()) / seconds();
        }
    }

    private static void report(String what, Window window) {
        System.out.printf("%s: %.1f MB/s up (client to instance), %.1f MB/s down (instance to client)%n", what,
                window.sentPerSecond() / MB, window.receivedPerSecond() / MB);
    }
}
