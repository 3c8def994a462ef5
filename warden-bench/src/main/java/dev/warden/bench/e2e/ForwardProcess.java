package dev.warden.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code warden forward} in its own JVM, as a user runs it: the sandbox's endpoint and region as flags, its keys in
 * the environment (never on the command line or in output), and the local port read from the status line the
 * command prints on stderr. Its own process, so its memory is the client's alone.
 */
final class ForwardProcess implements AutoCloseable {

    private static final Pattern FORWARDING = Pattern.compile("Forwarding \\S+:(\\d+) -> ");

    private final Process process;
    private final int localPort;

    private ForwardProcess(Process process, int localPort) {
        this.process = process;
        this.localPort = localPort;
    }

    /** Starts {@code warden forward TARGET SPEC [flags]}; returns once the listener accepts connections. */
    static ForwardProcess start(Path workDirectory, SandboxProcess sandbox, String spec, String... flags)
            throws IOException, InterruptedException {
        Path stderr = Files.createTempFile(workDirectory, "forward-stderr", ".txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.warden.cli.Main", "forward",
                "--region", sandbox.region(), "--endpoint-url", sandbox.endpoint(), Fleet.INSTANCE, spec));
        command.addAll(List.of(flags));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_")); // only the sandbox's keys, whatever the caller has
        env.put("AWS_ACCESS_KEY_ID", sandbox.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey());
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Matcher matcher = FORWARDING.matcher(Files.readString(stderr));
            if (matcher.find()) {
                return new ForwardProcess(process, Integer.parseInt(matcher.group(1)));
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("warden forward did not start; see " + stderr);
            }
            Thread.sleep(10);
        }
    }

    int localPort() {
        return localPort;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
