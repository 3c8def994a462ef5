package dev.warden.cli.govern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void theDocumentedExamplePolicyIsValid() {
        Path example = Path.of(System.getProperty("user.dir")).resolve("../docs/examples/governance-policy.yaml");
        assertThat(run("govern", "validate", example.toString())).isZero();
        assertThat(out.toString()).contains("valid: 3 tier(s) and the default tier 'untagged'");
    }

    @Test
    void everyProblemIsPrintedWithFileLineAndKeyAndTheExitCodeIsOne() throws IOException {
        Path policy = Files.writeString(dir.resolve("bad.yaml"), """
                scope:
                  accounts: [{id: "123456789012"}]
                  regions: [us-east-1]
                defaultTier:
                  idleMinutes: 0
                  maxMinutes: 2000
                """);
        assertThat(run("govern", "validate", policy.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(policy + ":5:3: defaultTier.idleMinutes: must be between 1 and 60")
                .contains(policy + ":6:3: defaultTier.maxMinutes: must be between 1 and 1440")
                .contains("2 problem(s)");
    }

    @Test
    void aMissingFileIsAFailureThatSaysSo() {
        assertThat(run("govern", "validate", dir.resolve("nope.yaml").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("cannot read the policy file");
    }

    @Test
    void noFileIsAUsageError() {
        assertThat(run("govern", "validate")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
    }

    private int run(String... args) {
        return Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
    }
}
