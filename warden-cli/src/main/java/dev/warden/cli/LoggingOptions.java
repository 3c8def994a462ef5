package dev.warden.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;

/**
 * The global {@code --quiet}, {@code --verbose} and {@code --log-file} options. Log lines and status lines go to
 * stderr only (stdout belongs to the command: an SSH stream, a printed config); the file, when given, gets
 * everything at DEBUG. The client core keeps secrets out of every log line, so DEBUG is safe to share.
 */
public final class LoggingOptions {

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print nothing on stderr but errors.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print status lines (session id, resumes, credential refreshes) and the client's log on "
                    + "stderr.")
    boolean verbose;

    @Option(names = "--log-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Also write a detailed log (DEBUG) to FILE.")
    Path logFile;

    public boolean quiet() {
        return quiet && !verbose;
    }

    public boolean verbose() {
        return verbose;
    }

    /**
     * Sets the log levels for a session command: warnings and errors on stderr by default, INFO with
     * {@code --verbose}, errors only with {@code --quiet}; DEBUG into the log file.
     */
    public void applyForSessionCommand() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger warden = context.getLogger("dev.warden");
        Level console = verbose ? Level.INFO : quiet ? Level.ERROR : Level.WARN;
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (logFile == null) {
            warden.setLevel(console);
            return;
        }
        // The console appender filters by the console level; the file takes everything of warden at DEBUG.
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setLevel(console.levelStr);
        threshold.start();
        root.iteratorForAppenders().forEachRemaining(a -> a.addFilter(threshold));
        warden.setLevel(Level.DEBUG);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level [%thread] %logger{0} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(logFile.toString());
        file.setAppend(true);
        file.setEncoder(encoder);
        file.start();
        root.addAppender(file);
    }
}
