package dev.warden.cli.plugin;

import dev.warden.cli.LoggingOptions;
import dev.warden.cli.LoggingOptions.LogFormat;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The entry point of plugin mode: warden started as {@code session-manager-plugin} (by the launcher that
 * {@code warden install-plugin} writes, or by {@code bin/warden} linked under that name).
 *
 * <p>It exits 0 in every case, as the official plugin does, and reports failures on stderr: the AWS CLI reports a
 * non-zero status of its plugin by printing the plugin's whole command line, which (with CLIs that pass the
 * StartSession response as an argument) includes the session's token.
 *
 * <p>The AWS CLI's command line has no room for warden's options, so {@code WARDEN_LOG_FORMAT=json} asks for what
 * {@code --log-format json} gives the warden commands: every line on stderr a JSON log event.
 */
public final class PluginMain {

    private PluginMain() {
    }

    public static void main(String[] args) {
        // Quiet unless asked: the session's own output shares this terminal. Must precede the first logger.
        if (System.getenv("WARDEN_LOG_LEVEL") == null) {
            System.setProperty("WARDEN_LOG_LEVEL", "WARN");
        }
        ExitOnSignal.install();
        run(List.of(args), System::getenv, System.out, System.err);
        System.exit(0);
    }

    static void run(List<String> args, UnaryOperator<String> env, PrintStream out, PrintStream err) {
        LoggingOptions logging;
        try {
            logging = LoggingOptions.withFormat(logFormat(env.apply("WARDEN_LOG_FORMAT")));
        } catch (IllegalArgumentException e) {
            err.println("Cannot perform start session: " + e.getMessage());
            return;
        }
        logging.applyFormat();
        StatusOnStderr status = new StatusOnStderr(err, logging);
        PluginArguments.Parsed parsed;
        try {
            parsed = PluginArguments.parse(args, env);
        } catch (IllegalArgumentException e) {
            status.error("Cannot perform start session: " + e.getMessage());
            return;
        }
        if (parsed instanceof PluginArguments.Print print) {
            out.print(print.text());
            out.flush();
            return;
        }
        try {
            new PluginSession((PluginArguments.Invocation) parsed, out, status).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Messages of our parsers never quote the response, so the token cannot leak here.
            status.error("Cannot perform start session: " + e.getMessage());
        }
    }

    /** {@code WARDEN_LOG_FORMAT}: text (also when unset) or json. */
    static LogFormat logFormat(String value) {
        if (value == null || value.isBlank()) {
            return LogFormat.TEXT;
        }
        try {
            return LogFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("WARDEN_LOG_FORMAT must be text or json, not '" + value + "'");
        }
    }
}
