package dev.warden.cli.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run bin/warden makes its class-data archive with: a real ssh-proxy session against an in-process
 * sandbox that must end cleanly (exit 0). (The archive itself is the JVM's work, and the JVM archives classes
 * from jars only: bin/warden runs this on the shaded jar.)
 */
class ClassDataTrainingTest {

    @TempDir
    Path temp;

    @Test
    void theTrainingRunCarriesASessionAndEndsCleanly() throws Exception {
        Path log = temp.resolve("training.log");
        Process training = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:disable", "-Xlog:all=error:stderr",
                "-cp", System.getProperty("java.class.path"), ClassDataTraining.class.getName())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile())
                .start();

        assertThat(training.waitFor(120, TimeUnit.SECONDS)).as("the training run ends").isTrue();
        assertThat(training.exitValue()).as("exit code; log:\n%s", Files.readString(log)).isZero();
    }
}
