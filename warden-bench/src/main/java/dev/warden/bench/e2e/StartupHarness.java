package dev.warden.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Time from starting {@code warden ssh-proxy} to the first remote byte on its stdout, JVM start included: what a
 * user waits for before {@code ssh} can even begin its handshake. The launcher (bin/warden by default) runs as
 * users run it, against {@code warden sandbox} in its own JVM whose instance's port 22 answers with an SSH banner.
 *
 * <p>Four ways a start can go, each measured: handed to the resident process (the usual start once one runs);
 * the first start of an environment, which runs the session itself and starts a resident ({@code warden resident
 * --stop} before each); and in its own process ({@code WARDEN_RESIDENT=off}) with the class-data archive bin/warden
 * makes and without it ({@code WARDEN_NO_CDS=1}). The residents live in a directory of the harness's own and are
 * stopped at the end.
 */
public final class StartupHarness {

    private static final String INSTANCE = "i-0b0075ba5e0000001";
    private static final byte[] BANNER = "SSH-2.0-warden-bench\r\n".getBytes(StandardCharsets.US_ASCII);

    private StartupHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of("--runs", "11", "--launcher", "bin/warden"));
        int runs = Integer.parseInt(options.get("--runs"));
        Path launcher = Path.of(options.get("--launcher")).toAbsolutePath();
        Path work = Files.createTempDirectory("warden-startup-bench");
        Path residents = work.resolve("residents");
        try (ServerSocket banner = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SandboxProcess sandbox = SandboxProcess.start(work, """
                     fleet:
                       - instanceId: %s
                         name: bench
                         portMappings: {22: "127.0.0.1:%d"}
                     """.formatted(INSTANCE, banner.getLocalPort()))) {
            Thread server = new Thread(() -> serveBanners(banner), "banner");
            server.setDaemon(true);
            server.start();
            Map<String, String> resident = Map.of("WARDEN_RESIDENT_DIR", residents.toString(),
                    "WARDEN_RESIDENT_IDLE", "2m"); // a harness that fails half-way leaves no resident for long
            Map<String, String> archive = Map.of("WARDEN_RESIDENT", "off");
            Map<String, String> noArchive = Map.of("WARDEN_RESIDENT", "off", "WARDEN_NO_CDS", "1");
            // The first start may build the jar or the archive: not measured. Then the resident, which two
            // starts warm up.
            firstByteMillis(launcher, sandbox, archive, 0);
            warden(launcher, sandbox, resident, "resident", "--start");
            firstByteMillis(launcher, sandbox, resident, 0);
            firstByteMillis(launcher, sandbox, resident, 0);
            List<Double> handed = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                handed.add(firstByteMillis(launcher, sandbox, resident, 0));
            }
            print("handed to the resident process", handed);
            List<Double> first = new ArrayList<>();
            for (int i = 0; i < Math.max(3, runs / 3); i++) {
                stopResidents(launcher, sandbox, resident);
                // kept open for 3 s, as an SSH connection is: the launcher starts the resident 2 s in
                first.add(firstByteMillis(launcher, sandbox, resident, 3000));
                awaitResident(residents);
            }
            print("the first start, no resident yet (it starts one)", first);
            stopResidents(launcher, sandbox, resident);
            for (Map<String, String> env : List.of(archive, noArchive)) {
                List<Double> samples = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    samples.add(firstByteMillis(launcher, sandbox, env, 0));
                }
                print(env == archive ? "in its own process, with the class-data archive (WARDEN_RESIDENT=off)"
                        : "in its own process, without it (WARDEN_NO_CDS=1)", samples);
            }
        }
        System.exit(0);
    }

    /**
     * The environment of every warden the harness starts: this one's, with the sandbox's keys and {@code settings}.
     * The resident commands get the same, for a resident serves only launchers of the environment it started in.
     */
    private static void environment(ProcessBuilder builder, SandboxProcess sandbox, Map<String, String> settings) {
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", sandbox.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey());
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        env.remove("WARDEN_NO_CDS");
        env.remove("WARDEN_RESIDENT");
        env.remove("WARDEN_RESIDENT_DIR");
        env.putAll(settings);
    }

    /** Runs a warden command in the harness's environment with {@code settings}, failing when it fails. */
    private static void warden(Path launcher, SandboxProcess sandbox, Map<String, String> settings, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        environment(builder, sandbox, settings);
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("warden " + String.join(" ", args) + " failed");
        }
    }

    /** Waits until a resident listens in {@code residents} (and gives it a moment to warm up). */
    private static void awaitResident(Path residents) throws IOException, InterruptedException {
        awaitSocket(residents, true, 60);
        Thread.sleep(1000);
    }

    /** {@code warden resident --stop}, then waits for the residents to leave (they remove their sockets). */
    private static void stopResidents(Path launcher, SandboxProcess sandbox, Map<String, String> settings)
            throws IOException, InterruptedException {
        warden(launcher, sandbox, settings, "resident", "--stop");
        awaitSocket(Path.of(settings.get("WARDEN_RESIDENT_DIR")), false, 30);
        Thread.sleep(500); // the process itself exits just after removing its socket
    }

    /** Waits until {@code residents} holds a resident's socket, or holds none, as {@code present} says. */
    private static void awaitSocket(Path residents, boolean present, long seconds)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            boolean found = false;
            if (Files.isDirectory(residents)) {
                try (var files = Files.list(residents)) {
                    found = files.anyMatch(p -> p.toString().endsWith(".sock"));
                }
            }
            if (found == present) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(present ? "no resident process started in " + residents
                : "the residents in " + residents + " did not stop");
    }

    /**
     * Starts ssh-proxy, waits for the banner's first bytes on its stdout, keeps it open {@code keepMillis} more, then
     * stops it (SIGTERM).
     */
    private static double firstByteMillis(Path launcher, SandboxProcess sandbox, Map<String, String> settings,
                                          long keepMillis) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "ssh-proxy", "--region", sandbox.region(),
                "--endpoint-url", sandbox.endpoint(), INSTANCE, "22")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        environment(builder, sandbox, settings);
        long started = System.nanoTime();
        Process proxy = builder.start();
        try (InputStream out = proxy.getInputStream()) {
            byte[] first = out.readNBytes(8);
            double millis = (System.nanoTime() - started) / 1e6;
            if (!Arrays.equals(first, Arrays.copyOf(BANNER, 8))) {
                throw new IllegalStateException("ssh-proxy did not relay the banner; got " + first.length + " bytes");
            }
            Thread.sleep(keepMillis);
            return millis;
        } finally {
            proxy.destroy();
            if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
                proxy.destroyForcibly();
            }
        }
    }

    private static void serveBanners(ServerSocket banner) {
        while (!banner.isClosed()) {
            try {
                Socket socket = banner.accept();
                Thread connection = new Thread(() -> {
                    try (socket; OutputStream out = socket.getOutputStream()) {
                        out.write(BANNER);
                        out.flush();
                        socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        // the proxy went away
                    }
                }, "banner-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void print(String label, List<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        System.out.printf("ssh-proxy start to first remote byte, %s: median %.0f ms, min %.0f, max %.0f (%d runs)%n",
                label, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }
}
