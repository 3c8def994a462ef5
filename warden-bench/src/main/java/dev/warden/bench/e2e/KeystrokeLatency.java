package dev.warden.bench.e2e;

import dev.warden.client.WardenClient;
import dev.warden.client.shell.ShellListener;
import dev.warden.client.shell.ShellSession;
import dev.warden.protocol.payload.TerminalSize;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Keystroke echo latency through a shell session: the sandbox runs {@code sh} in a pseudo-terminal, the harness
 * starts {@code cat} in it and types one byte at a time, timing each byte from {@link ShellSession#send} until the
 * terminal's echo of it arrives at the listener. Keys go out at typing pace (a pause between them), so each one is
 * a message on a quiet channel, as when a person types.
 *
 * <p>Usage: {@code java -cp warden-bench/target/benchmarks.jar dev.warden.bench.e2e.KeystrokeLatency
 * [--samples 1000] [--warmup 300] [--pause-ms 20]}
 */
public final class KeystrokeLatency {

    /** Keys per line: the line is ended now and then so the terminal's line buffer never fills. */
    private static final int LINE = 40;

    private final BlockingQueue<byte[]> output = new LinkedBlockingQueue<>();
    private final int pauseMillis;

    private KeystrokeLatency(int pauseMillis) {
        this.pauseMillis = pauseMillis;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of("--samples", "1000", "--warmup", "300",
                "--pause-ms", "20"));
        int samples = Integer.parseInt(options.get("--samples"));
        int warmup = Integer.parseInt(options.get("--warmup"));
        KeystrokeLatency latency = new KeystrokeLatency(Integer.parseInt(options.get("--pause-ms")));
        Path work = Files.createTempDirectory("warden-keystroke-bench");
        try (LoopbackEcho echo = new LoopbackEcho();
             SandboxProcess sandbox = SandboxProcess.start(work, Fleet.config(echo.port()));
             WardenClient client = Fleet.client(sandbox)) {
            ShellListener listener = latency.output::add;
            ShellSession shell = client.startShellSession(Fleet.shell(), listener, new TerminalSize(80, 24), null)
                    .get(30, TimeUnit.SECONDS);
            latency.startCat(shell);
            latency.type(shell, warmup);
            double[] millis = latency.type(shell, samples);
            Arrays.sort(millis);
            System.out.printf("Keystroke echo through a shell session (cat in a pty), %d samples after %d warm-up, "
                            + "%d ms between keys, %d cores: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, min %.2f ms, "
                            + "max %.2f ms%n", samples, warmup, latency.pauseMillis,
                    Runtime.getRuntime().availableProcessors(), percentile(millis, 50), percentile(millis, 90),
                    percentile(millis, 99), millis[0], millis[millis.length - 1]);
            shell.close();
        }
        System.exit(0); // the client's SDK threads are daemons, but say so explicitly: the run is over
    }

    /** Waits for the shell's first output (its prompt), then runs cat, whose terminal echoes what is typed. */
    private void startCat(ShellSession shell) throws InterruptedException {
        Fleet.require(output.poll(30, TimeUnit.SECONDS) != null, "the shell printed nothing");
        shell.send("cat\r".getBytes(StandardCharsets.US_ASCII));
        settle();
    }

    /** Types {@code count} keys, one byte each, and returns each one's round trip in milliseconds. */
    private double[] type(ShellSession shell, int count) throws InterruptedException {
        double[] millis = new double[count];
        for (int i = 0; i < count; i++) {
            if (i > 0 && i % LINE == 0) {
                shell.send(new byte[] {'\r'}); // cat prints the line; its output is not timed
                settle();
            }
            byte key = (byte) ('a' + i % 26);
            long sent = System.nanoTime();
            shell.send(new byte[] {key});
            awaitEcho(key);
            millis[i] = (System.nanoTime() - sent) / 1e6;
            Thread.sleep(pauseMillis);
        }
        return millis;
    }

    private void awaitEcho(byte key) throws InterruptedException {
        while (true) {
            byte[] chunk = output.poll(10, TimeUnit.SECONDS);
            Fleet.require(chunk != null, "no echo of a key within 10 s");
            for (byte b : chunk) {
                if (b == key) {
                    return;
                }
            }
        }
    }

    /** Lets the terminal's output of a line end, then drops it, so the next key's echo is the next output. */
    private void settle() throws InterruptedException {
        Thread.sleep(300);
        output.clear();
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[(int) Math.ceil(p / 100.0 * sorted.length) - 1];
    }
}
