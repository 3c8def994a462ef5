package dev.warden.bench.e2e;

import dev.warden.bench.e2e.EchoLoad.Sample;
import dev.warden.client.WardenClient;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortMode;
import dev.warden.client.port.PortSession;
import dev.warden.protocol.channel.ChannelStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code forward --sessions N} under the service-like frame-rate cap: one local listener spreading N connections
 * over N multiplexed sessions, every connection saturated both ways through the loopback echo service. Prints
 * the aggregate throughput against N times the one-session rate, and each session's frames/s (the client
 * engine's data messages sent and delivered, the frames the sandbox's cap counts) against the cap.
 *
 * <p>Usage: {@code java -cp warden-bench/target/benchmarks.jar dev.warden.bench.e2e.SessionScaling
 * [--seconds 10] [--cap 1000] [--counts 1,2,4,8]}
 */
public final class SessionScaling {

    private static final double MB = 1_000_000.0;

    private final int seconds;
    private final int cap;

    private SessionScaling(int seconds, int cap) {
        this.seconds = seconds;
        this.cap = cap;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of("--seconds", "10", "--cap", "1000",
                "--counts", "1,2,4,8"));
        SessionScaling scaling = new SessionScaling(Integer.parseInt(options.get("--seconds")),
                Integer.parseInt(options.get("--cap")));
        Path work = Files.createTempDirectory("warden-scaling-bench");
        try (LoopbackEcho echo = new LoopbackEcho();
             SandboxProcess sandbox = SandboxProcess.start(work, Fleet.config(echo.port()),
                     "--max-frames-per-second", options.get("--cap"));
             WardenClient client = Fleet.client(sandbox)) {
            System.out.printf("Sessions scaling: cap %d frames/s per session and direction, %d s windows, %d-byte "
                    + "frames, %d cores%n", scaling.cap, scaling.seconds, Fleet.FRAME,
                    Runtime.getRuntime().availableProcessors());
            double single = 0;
            for (String count : options.get("--counts").split(",")) {
                int n = Integer.parseInt(count.trim());
                Result result = scaling.measure(client, n);
                if (single == 0) {
                    single = result.aggregateBytesPerSecond() / n; // the first count is the reference
                }
                result.print(single, scaling.cap);
            }
        }
        System.exit(0); // the client's SDK threads are daemons, but say so explicitly: the run is over
    }

    private Result measure(WardenClient client, int n) throws Exception {
        List<PortSession> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PortSession session = client.startPortSession(Fleet.portForwarding(), LocalPort.none(), null)
                    .get(30, TimeUnit.SECONDS);
            Fleet.require(session.mode() == PortMode.MULTIPLEXED, "expected a multiplexed session");
            sessions.add(session);
        }
        List<Socket> sockets = new ArrayList<>();
        List<EchoLoad> loads = new ArrayList<>();
        try (SpreadListener listener = new SpreadListener(sessions)) {
            InetSocketAddress local = listener.address();
            for (int i = 0; i < n; i++) {
                Socket socket = new Socket(local.getAddress(), local.getPort());
                sockets.add(socket);
                loads.add(new EchoLoad(socket.getInputStream(), socket.getOutputStream()));
            }
            // Past the token bucket's burst, the JIT's first compilations and the socket buffers' filling (at 1 MB/s
            // they take seconds), so the window sees the steady state.
            Thread.sleep(TimeUnit.SECONDS.toMillis(Math.max(5, seconds / 2)));
            Snapshot start = Snapshot.take(loads, sessions);
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            Snapshot end = Snapshot.take(loads, sessions);
            return new Result(n, start, end);
        } finally {
            loads.forEach(EchoLoad::close);
            for (Socket socket : sockets) {
                socket.close();
            }
            sessions.forEach(PortSession::close);
        }
    }

    /** Bytes carried by all connections and each session's engine counters at one instant. */
    private record Snapshot(long nanos, long sent, long received, List<ChannelStats> perSession) {
        static Snapshot take(List<EchoLoad> loads, List<PortSession> sessions) throws IOException {
            long sent = 0;
            long received = 0;
            for (EchoLoad load : loads) {
                Sample sample = load.sample();
                sent += sample.sent();
                received += sample.received();
            }
            return new Snapshot(System.nanoTime(), sent, received,
                    sessions.stream().map(EngineCounters::stats).toList());
        }
    }

    private record Result(int n, Snapshot start, Snapshot end) {
        double seconds() {
            return (end.nanos() - start.nanos()) / 1e9;
        }

        double upBytesPerSecond() {
            return (end.sent() - start.sent()) / seconds();
        }

        double downBytesPerSecond() {
            return (end.received() - start.received()) / seconds();
        }

        /** Both directions' mean: the echo makes them equal once the pipeline is full. */
        double aggregateBytesPerSecond() {
            return (upBytesPerSecond() + downBytesPerSecond()) / 2;
        }

        void print(double singleSessionBytesPerSecond, int cap) {
            double minUp = Double.MAX_VALUE;
            double minDown = Double.MAX_VALUE;
            double sumUp = 0;
            double sumDown = 0;
            long retransmitted = 0;
            long notReady = 0;
            long duplicates = 0;
            for (int i = 0; i < n; i++) {
                retransmitted += end.perSession().get(i).messagesRetransmitted()
                        - start.perSession().get(i).messagesRetransmitted();
                notReady += end.perSession().get(i).notReadyRefusals() - start.perSession().get(i).notReadyRefusals();
                duplicates += end.perSession().get(i).duplicatesReceived()
                        - start.perSession().get(i).duplicatesReceived();
                double up = (end.perSession().get(i).messagesSent() - start.perSession().get(i).messagesSent())
                        / seconds();
                double down = (end.perSession().get(i).messagesDelivered()
                        - start.perSession().get(i).messagesDelivered()) / seconds();
                minUp = Math.min(minUp, up);
                minDown = Math.min(minDown, down);
                sumUp += up;
                sumDown += down;
            }
            System.out.printf("N=%d: %.3f MB/s up, %.3f MB/s down in all = %.2f x one session's rate "
                            + "(%.2f per session); frames/s per session: mean %.1f up / %.1f down, lowest %.1f up"
                            + " / %.1f down = %.1f%% of the cap (lowest)%n", n, upBytesPerSecond() / MB,
                    downBytesPerSecond() / MB, aggregateBytesPerSecond() / singleSessionBytesPerSecond,
                    aggregateBytesPerSecond() / singleSessionBytesPerSecond / n, sumUp / n, sumDown / n, minUp,
                    minDown, 100 * Math.min(minUp, minDown) / cap);
            // Retransmitted frames pass the cap too (up: the client's; down: the agent's, seen as duplicates),
            // so they are the first suspect when a session's new frames stay below the cap.
            System.out.printf("  in the window, all sessions: %d retransmitted (%.1f/s per session), %d duplicates "
                            + "received (%.1f/s per session), %d NOT_READY refusals%n", retransmitted,
                    retransmitted / seconds() / n, duplicates, duplicates / seconds() / n, notReady);
        }
    }
}
