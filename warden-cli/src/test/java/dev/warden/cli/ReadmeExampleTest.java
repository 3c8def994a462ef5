package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example in README.md, compiled and run as printed: a JDBC query to PostgreSQL through
 * {@code WardenClient.forward} to a remote host behind an emulated instance. Only the environment differs from a
 * user's: the SDK is pointed at the sandbox with its standard settings ({@code aws.endpointUrl} and the
 * credentials' system properties).
 */
class ReadmeExampleTest {

    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- readme-example: (\\w+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path temp;

    @Test
    void theReadmesJavaExampleRunsAgainstTheSandbox() throws Exception {
        Matcher example = EXAMPLE.matcher(Files.readString(readme()));
        assertThat(example.find()).as("README.md has a marked Java example").isTrue();
        String className = example.group(1);
        Path source = Files.createDirectories(temp.resolve("src")).resolve(className + ".java");
        Files.writeString(source, example.group(2));
        Path classes = Files.createDirectories(temp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(compiled).as("javac:%n%s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             Sandbox sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                     regions: [us-east-1, eu-west-1]
                     fleet:
                       - instanceId: i-0123456789abcdef0
                         name: bastion
                         region: eu-west-1
                         remoteHosts: {"orders.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:5432": "127.0.0.1:%d"}
                     """.formatted(postgres.getPort()), "readme.yaml"))) {
            ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Daws.endpointUrl=" + sandbox.endpoint(),
                    "-Daws.accessKeyId=" + sandbox.accessKeyId(),
                    "-Daws.secretAccessKey=" + sandbox.secretAccessKey(),
                    "-cp", classes + java.io.File.pathSeparator + System.getProperty("java.class.path"), className)
                    .redirectErrorStream(true);
            run.environment().put("PGPASSWORD", "postgres");
            List.of("AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID",
                    "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN").forEach(run.environment()::remove);
            Process process = run.start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    process.getInputStream().transferTo(output);
                } catch (java.io.IOException e) {
                    // the process ended
                }
            });
            reader.start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the example ends").isTrue();
            reader.join(10_000);
            String printed = output.toString(StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("exit code; output:%n%s", printed).isZero();
            assertThat(printed).contains("PostgreSQL");
        }
    }

    private static Path readme() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("warden-cli"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("README.md not found above " + here);
    }
}
