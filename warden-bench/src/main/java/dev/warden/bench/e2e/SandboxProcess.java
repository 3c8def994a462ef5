package dev.warden.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code warden sandbox} in its own JVM, started and stopped as a user does (the state file tells when it is
 * ready; SIGINT stops it), so its start-up time and memory are measured apart from the client's.
 */
final class SandboxProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final JsonNode state;
    private final long startupNanos;

    private SandboxProcess(Process process, JsonNode state, long startupNanos) {
        this.process = process;
        this.state = state;
        this.startupNanos = startupNanos;
    }

    /** Starts the sandbox with {@code config} and extra flags; returns once its state file exists. */
    static SandboxProcess start(Path workDirectory, String config, String... flags)
            throws IOException, InterruptedException {
        Files.createDirectories(workDirectory);
        Path configFile = Files.writeString(Files.createTempFile(workDirectory, "sandbox", ".yaml"), config);
        Path stateFile = workDirectory.resolve("state-" + System.nanoTime() + ".json");
        List<String> command = new ArrayList<>(List.of(java()));
        // For profiling the sandbox, e.g. -Dwarden.bench.sandboxJvmOptions=-XX:StartFlightRecording=filename=s.jfr
        String jvmOptions = System.getProperty("warden.bench.sandboxJvmOptions", "").trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.warden.cli.Main", "sandbox",
                "--config", configFile.toString(), "--state-file", stateFile.toString()));
        command.addAll(List.of(flags));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(workDirectory.resolve("sandbox-stderr.txt").toFile())
                .start();
        long deadline = started + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(stateFile)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the sandbox did not start; see "
                        + workDirectory.resolve("sandbox-stderr.txt"));
            }
            Thread.sleep(5);
        }
        long startup = System.nanoTime() - started;
        return new SandboxProcess(process, JSON.readTree(Files.readString(stateFile)), startup);
    }

    String endpoint() {
        return state.get("endpoint").asText();
    }

    String region() {
        return state.get("region").asText();
    }

    String accessKeyId() {
        return state.get("accessKeyId").asText();
    }

    String secretAccessKey() {
        return state.get("secretAccessKey").asText();
    }

    /** From process start to a ready endpoint (the state file is written after both planes listen). */
    double startupMillis() {
        return startupNanos / 1e6;
    }

    /** The sandbox JVM's memory after one full GC. */
    JvmMemory.Memory memoryAfterGc() throws IOException, InterruptedException {
        return JvmMemory.afterGc(process.pid());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
