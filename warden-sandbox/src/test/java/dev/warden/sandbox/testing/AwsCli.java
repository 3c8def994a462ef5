package dev.warden.sandbox.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the official AWS CLI v2 as a user would: environment credentials, empty config and credentials
 * files, no pager, JSON output, {@code --endpoint-url} pointing at the sandbox.
 */
public final class AwsCli {

    /** What one run printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private final Path executable;
    private final Path home;

    private AwsCli(Path executable, Path home) {
        this.executable = executable;
        this.home = home;
    }

    /**
     * The first {@code aws} on PATH that is version 2, or empty. (A version-1 CLI, e.g. from pip, may come
     * first on PATH; it words errors and exit codes differently, so it is skipped.)
     */
    public static Optional<Path> findVersion2() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "aws");
            if (Files.isExecutable(candidate) && version(candidate).startsWith("aws-cli/2.")) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static String version(Path candidate) {
        try {
            Process p = new ProcessBuilder(candidate.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(30, TimeUnit.SECONDS) ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    public static AwsCli create(Path executable, Path home) throws IOException {
        Files.createDirectories(home);
        Files.writeString(home.resolve("config"), "");
        Files.writeString(home.resolve("credentials"), "");
        return new AwsCli(executable, home);
    }

    /**
     * Runs {@code aws <args>} with the given credentials; {@code pathPrefix} (may be null) goes first on PATH,
     * e.g. a folder with a fake session-manager-plugin. {@code onlyPathPrefix} drops the rest of PATH.
     */
    public Result run(Map<String, String> credentials, Path pathPrefix, boolean onlyPathPrefix, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(credentials);
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("HOME", home.toString());
        String path = env.getOrDefault("PATH", "");
        if (pathPrefix != null) {
            env.put("PATH", onlyPathPrefix ? pathPrefix.toString() : pathPrefix + File.pathSeparator + path);
        }
        try {
            Path out = Files.createTempFile(home, "stdout", ".txt");
            Path err = Files.createTempFile(home, "stderr", ".txt");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish in 90 s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + executable, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
