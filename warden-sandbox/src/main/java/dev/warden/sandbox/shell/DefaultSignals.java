package dev.warden.sandbox.shell;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gives session processes the default disposition of every signal, as the agent's (a service started by the init
 * system) have. A signal the sandbox itself inherited as ignored would otherwise stay ignored in every shell and
 * command it starts: started in the background by a non-interactive shell, the sandbox ignores SIGINT and SIGQUIT,
 * and Ctrl-C in a session would do nothing. The JVM cannot reset dispositions for a child, so the command is
 * prefixed with coreutils' {@code env --default-signal}, which resets them and then execs the command (same
 * process, no extra layer left behind). Where {@code env} lacks the option, no prefix is added.
 */
final class DefaultSignals {

    private static final List<String> PREFIX = List.of("env", "--default-signal");
    private static final List<String> SUPPORTED_PREFIX = probe();

    private DefaultSignals() {
    }

    /** The command prefix that resets every signal to its default, or an empty list. */
    static List<String> commandPrefix() {
        return SUPPORTED_PREFIX;
    }

    private static List<String> probe() {
        try {
            Process probe = new ProcessBuilder(PREFIX.get(0), PREFIX.get(1), "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean works = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
            if (!works) {
                probe.destroyForcibly();
            }
            return works ? PREFIX : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
