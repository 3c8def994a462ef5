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
 * Each start is measured with the class-data archive bin/warden makes and, for comparison, without
 * ({@code WARDEN_NO_CDS=1}).
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
            // The first start may build the jar or the archive: not measured.
            firstByteMillis(launcher, sandbox, false);
            for (boolean archive : List.of(true, false)) {
                List<Double> samples = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    samples.add(firstByteMillis(launcher, sandbox, archive));
                }
                print(archive ? "with the class-data archive" : "without it (WARDEN_NO_CDS=1)", samples);
            }
        }
        System.exit(0);
    }

    /** Starts ssh-proxy, waits for the banner's first bytes on its stdout, then stops it (SIGTERM). */
    private static double firstByteMillis(Path launcher, SandboxProcess sandbox, boolean archive)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "ssh-proxy", "--region", sandbox.region(),
                "--endpoint-url", sandbox.endpoint(), INSTANCE, "22")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", sandbox.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey());
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        if (archive) {
            env.remove("WARDEN_NO_CDS");
        } else {
            env.put("WARDEN_NO_CDS", "1");
        }
        long started = System.nanoTime();
        Process proxy = builder.start();
        try (InputStream out = proxy.getInputStream()) {
            byte[] first = out.readNBytes(8);
            double millis = (System.nanoTime() - started) / 1e6;
            if (!Arrays.equals(first, Arrays.copyOf(BANNER, 8))) {
                throw new IllegalStateException("ssh-proxy did not relay the banner; got " + first.length + " bytes");
            }
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
