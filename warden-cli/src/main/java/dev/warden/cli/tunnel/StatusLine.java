package dev.warden.cli.tunnel;

import ch.qos.logback.classic.Level;
import dev.warden.cli.LoggingOptions;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Status lines for the user, always on stderr (stdout may be an SSH stream). {@link #info} needs
 * {@code --verbose}; {@link #notice} is shown unless {@code --quiet}; {@link #error} always. With
 * {@code --log-format json} each line is a JSON object at level INFO, WARN or ERROR respectively.
 */
public final class StatusLine {

    private final LoggingOptions logging;
    private final Consumer<String> printer;

    /** Lines on {@code err}, one {@code println} each. */
    public StatusLine(PrintStream err, LoggingOptions logging) {
        this(logging, line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        });
    }

    /**
     * @param printer writes one whole line (already formatted: {@code warden: …} or JSON), adding the line end its
     *                output needs (a terminal in raw mode needs a carriage return)
     */
    public StatusLine(LoggingOptions logging, Consumer<String> printer) {
        this.logging = logging;
        this.printer = printer;
    }

    public void info(String line) {
        if (logging.verbose()) {
            print(Level.INFO, line);
        }
    }

    public void notice(String line) {
        if (!logging.quiet()) {
            print(Level.WARN, line);
        }
    }

    public void error(String line) {
        print(Level.ERROR, line);
    }

    private void print(Level level, String line) {
        printer.accept(logging.statusLine(level, line.startsWith("warden: ") ? line.substring(8) : line));
    }
}
