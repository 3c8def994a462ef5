package dev.warden.cli.plugin;

import java.io.PrintStream;
import java.util.List;

/**
 * The entry point of plugin mode: warden started as {@code session-manager-plugin} (by the launcher that
 * {@code warden install-plugin} writes, or by {@code bin/warden} linked under that name).
 *
 * <p>It exits 0 in every case, as the official plugin does, and reports failures on stderr: the AWS CLI reports a
 * non-zero status of its plugin by printing the plugin's whole command line, which (with CLIs that pass the
 * StartSession response as an argument) includes the session's token.
 */
public final class PluginMain {

    private PluginMain() {
    }

    public static void main(String[] args) {
        // Quiet unless asked: the session's own output shares this terminal. Must precede the first logger.
        if (System.getenv("WARDEN_LOG_LEVEL") == null) {
            System.setProperty("WARDEN_LOG_LEVEL", "WARN");
        }
        run(List.of(args), System.out, System.err);
        System.exit(0);
    }

    static void run(List<String> args, PrintStream out, PrintStream err) {
        PluginArguments.Parsed parsed;
        try {
            parsed = PluginArguments.parse(args, System::getenv);
        } catch (IllegalArgumentException e) {
            err.println("Cannot perform start session: " + e.getMessage());
            return;
        }
        if (parsed instanceof PluginArguments.Print print) {
            out.print(print.text());
            out.flush();
            return;
        }
        try {
            new PluginSession((PluginArguments.Invocation) parsed, out, err).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Messages of our parsers never quote the response, so the token cannot leak here.
            err.println("Cannot perform start session: " + e.getMessage());
        }
    }
}
