package dev.warden.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything that stops {@code warden sandbox} before it runs: a clear message and an exit code that means it. */
class SandboxCommandUsageTest {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
    }

    @Test
    void helpNamesTheFlagsAndTheExitCodes() {
        assertThat(run("sandbox", "--help")).isZero();
        assertThat(out.toString()).contains("--config=FILE", "--state-file=FILE", "--max-frames-per-second",
                "--close-channels-every", "--throttle", "Exit codes");
    }

    @Test
    void aProbabilityOutsideZeroToOneIsAUsageError() {
        assertThat(run("sandbox", "--drop-frames", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("--drop-frames is a probability between 0 and 1, not 1.5");
    }

    @Test
    void aThrottleRateOutsideZeroToOneIsAUsageError() {
        assertThat(run("sandbox", "--throttle", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--throttle is a probability between 0 and 1, not 2.0");
    }

    @Test
    void anUnreadableDurationIsAUsageErrorThatShowsTheForms() {
        assertThat(run("sandbox", "--close-channels-every", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration").contains("30s");
    }

    @Test
    void aMissingConfigFileIsAUsageErrorNamingTheFile() {
        Path missing = temp.resolve("nowhere.yaml");
        assertThat(run("sandbox", "--config", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nowhere.yaml").contains("cannot be read");
    }

    @Test
    void anInvalidConfigValueIsAUsageErrorNamingTheKey() throws IOException {
        Path config = Files.writeString(temp.resolve("sandbox.yaml"), "region: Mars\n");
        assertThat(run("sandbox", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("sandbox.yaml").contains("region");
    }

    @Test
    void aTakenPortFailsToStartWithExitCodeOneAndSaysWhat() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path state = temp.resolve("state.json");
            int code = run("sandbox", "--port", Integer.toString(taken.getLocalPort()), "--state-file",
                    state.toString());
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("warden sandbox: cannot start").contains("--port");
            assertThat(state).doesNotExist();
        }
    }
}
