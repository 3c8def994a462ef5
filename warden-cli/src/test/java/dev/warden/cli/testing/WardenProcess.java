package dev.warden.cli.testing;

import dev.warden.cli.Main;
import dev.warden.cli.plugin.PluginMain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code warden} as a real child process ({@code java -cp <this test's class path> dev.warden.cli.Main …}),
 * with a HOME of its own (holding {@code .aws/config}) and an environment free of the caller's AWS variables.
 * Stdout is left to the test (it may be an SSH stream); stderr is collected.
 */
public final class WardenProcess implements AutoCloseable {

    private final Process process;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stderrReader;

    private WardenProcess(Process process) {
        this.process = process;
        this.stderrReader = new Thread(() -> copy(process.getErrorStream()), "warden-stderr");
        stderrReader.setDaemon(true);
        stderrReader.start();
    }

    /** Starts warden with {@code env} added to a clean environment whose HOME is {@code home}. */
    public static WardenProcess start(Path home, Map<String, String> env, String... args) throws IOException {
        return start(commandLine(home), home, env, args);
    }

    /** Starts warden in plugin mode (as the AWS CLI starts session-manager-plugin), like {@link #start}. */
    public static WardenProcess startPlugin(Path home, Map<String, String> env, String... args) throws IOException {
        return start(javaCommand(home, PluginMain.class), home, env, args);
    }

    private static WardenProcess start(List<String> java, Path home, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        environment(builder.environment(), home);
        builder.environment().putAll(env);
        return new WardenProcess(builder.start());
    }

    /** The java command line that starts warden (without its arguments), e.g. for an ssh ProxyCommand. */
    public static List<String> commandLine(Path home) {
        return javaCommand(home, Main.class);
    }

    private static List<String> javaCommand(Path home, Class<?> main) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(java.toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Duser.home=" + home,
                // No logback-test.xml on the class path (the sandbox's test-jar brings one that logs to stdout)
                // applies: warden's own logging set-up comes first, and logs to stderr.
                "-cp", System.getProperty("java.class.path"), main.getName());
    }

    /**
     * Resets {@code env} to what a child warden should see: no AWS settings of the caller, HOME set, and every
     * command in its own process (a test of the resident process turns it on), so that no resident outlives a test.
     */
    public static void environment(Map<String, String> env, Path home) {
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("WARDEN_RESIDENT"));
        env.put("WARDEN_RESIDENT", "off");
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
    }

    /** Writes {@code content} as HOME/.aws/config. */
    public static void writeAwsConfig(Path home, String content) throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), content);
    }

    public Process process() {
        return process;
    }

    /** Waits for the exit; returns the exit code, or -1 after {@code seconds}. */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return -1;
        }
        stderrReader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** What warden wrote to stderr so far. */
    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    private void copy(InputStream in) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (stderr) {
                    stderr.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
