package dev.warden.cli.plugin;

import ch.qos.logback.classic.Level;
import dev.warden.cli.LoggingOptions;
import dev.warden.client.SessionListener;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Shows a session's events on stderr, one line each, so stdout carries only what the session delivers (for an SSH
 * ProxyCommand, nothing but the remote bytes). In text the lines are the official plugin's (and warden's own, marked
 * {@code warden:}); with {@code WARDEN_LOG_FORMAT=json} each is a JSON status event, as the warden commands write
 * them with {@code --log-format json}.
 */
final class StatusOnStderr implements SessionListener {

    private static final String WARDEN = "warden: ";

    private final PrintStream err;
    private final LoggingOptions logging;

    StatusOnStderr(PrintStream err, LoggingOptions logging) {
        this.err = err;
        this.logging = logging;
    }

    void say(Level level, String message) {
        // A raw terminal needs the carriage returns; pipes and JSON readers ignore them.
        String line = logging.json()
                ? logging.statusLine(level, message.startsWith(WARDEN) ? message.substring(WARDEN.length()) : message)
                + "\r\n"
                : "\r\n" + message + "\r\n";
        synchronized (err) {
            err.print(line);
            err.flush();
        }
    }

    void info(String message) {
        say(Level.INFO, message);
    }

    void warn(String message) {
        say(Level.WARN, message);
    }

    void error(String message) {
        say(Level.ERROR, message);
    }

    @Override
    public void onCustomerMessage(String message) {
        info(message);
    }

    @Override
    public void onConnectionLost(Throwable cause) {
        warn(WARDEN + "the data channel was lost; resuming the session.");
    }

    @Override
    public void onResumed(ResumeTrigger trigger, int connectionNumber, Duration took) {
        if (trigger == ResumeTrigger.CONNECTION_LOST) {
            info(WARDEN + "the session resumed after " + took.toMillis() + " ms.");
        }
    }

    @Override
    public void onConnectToPortError() {
        error("Connection to destination port failed, check SSM Agent logs.");
    }

    @Override
    public void onWarning(String message) {
        warn(WARDEN + message);
    }
}
