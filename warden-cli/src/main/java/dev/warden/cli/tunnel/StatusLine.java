package dev.warden.cli.tunnel;

import dev.warden.cli.LoggingOptions;

import java.io.PrintStream;

/**
 * Status lines for the user, always on stderr (stdout may be an SSH stream). {@link #info} needs
 * {@code --verbose}; {@link #notice} is shown unless {@code --quiet}; {@link #error} always.
 */
final class StatusLine {

    private final PrintStream err;
    private final LoggingOptions logging;

    StatusLine(PrintStream err, LoggingOptions logging) {
        this.err = err;
        this.logging = logging;
    }

    void info(String line) {
        if (logging.verbose()) {
            print(line);
        }
    }

    void notice(String line) {
        if (!logging.quiet()) {
            print(line);
        }
    }

    void error(String line) {
        print(line);
    }

    private void print(String line) {
        synchronized (err) {
            err.println(line.startsWith("warden: ") ? line : "warden: " + line);
            err.flush();
        }
    }
}
