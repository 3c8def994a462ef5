package dev.warden.sandbox.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A session process gets default signal dispositions even when the sandbox was started with SIGINT and SIGQUIT
 * ignored (as a background job of a non-interactive shell is): otherwise Ctrl-C in a session would do nothing.
 */
class DefaultSignalsTest {

    private static final Pattern IGNORED = Pattern.compile("(?m)^SigIgn:\\s*([0-9a-f]+)$");
    private static final long SIGINT_AND_SIGQUIT = (1L << (2 - 1)) | (1L << (3 - 1));

    @Test
    void aSessionProcessDoesNotInheritIgnoredInterruptAndQuit() throws Exception {
        LaunchPlan plan = LaunchPlan.prepare(CommandSpec.nonInteractiveCommands("unused").build(),
                List.of("grep", "SigIgn", "/proc/self/status"), RunAs.system());

        // The plan's command, started by a parent that ignores SIGINT and SIGQUIT; exec keeps them ignored.
        List<String> command = new ArrayList<>(List.of("sh", "-c", "trap '' INT QUIT; exec \"$@\"", "sh"));
        command.addAll(plan.command());
        long ignored = ignoredSignals(command);
        assertThat(ignored & SIGINT_AND_SIGQUIT).as("SIGINT/SIGQUIT ignored in the session process").isZero();
    }

    @Test
    void theParentInTheTestAboveReallyIgnoresThem() throws Exception {
        List<String> command = List.of("sh", "-c", "trap '' INT QUIT; exec \"$@\"", "sh",
                "grep", "SigIgn", "/proc/self/status");
        assertThat(ignoredSignals(command) & SIGINT_AND_SIGQUIT).isEqualTo(SIGINT_AND_SIGQUIT);
    }

    private static long ignoredSignals(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Matcher matcher = IGNORED.matcher(out);
        assertThat(matcher.find()).as("SigIgn in: %s", out).isTrue();
        return Long.parseUnsignedLong(matcher.group(1), 16);
    }
}
