package dev.warden.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The global {@code --quiet}, {@code --verbose}, {@code --log-file} and {@code --log-format} options. Log lines and
 * status lines go to stderr only (stdout belongs to the command: an SSH stream, a printed config); the file, when
 * given, gets everything at DEBUG. The client core keeps secrets out of every log line, so DEBUG is safe to share.
 * With {@code --log-format json} every log record, in the file and on stderr, and every status line is one JSON
 * object (Logback's JSON encoder), for log shippers.
 */
public final class LoggingOptions {

    /** How log records and status lines are written. */
    public enum LogFormat { TEXT, JSON }

    /** The logger name status lines carry in JSON. */
    static final String STATUS_LOGGER = "warden.status";

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

    // No defaultValue: the field's own is the default, so command lines built without case-insensitive enum values
    // need no text for it.
    @Option(names = "--log-format", scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "text (default) or json: log records (on stderr and in --log-file) and status lines as "
                    + "one JSON object a line.")
    LogFormat logFormat = LogFormat.TEXT;

    private JsonEncoder statusEncoder;

    /** Options as picocli fills them: text, neither quiet nor verbose, no file. */
    public LoggingOptions() {
    }

    /**
     * Plugin mode's options: its command line is the AWS CLI's, so the format comes from elsewhere
     * ({@code WARDEN_LOG_FORMAT}); the levels stay as the logging configuration sets them.
     */
    public static LoggingOptions withFormat(LogFormat format) {
        LoggingOptions options = new LoggingOptions();
        options.logFormat = format;
        return options;
    }

    public boolean quiet() {
        return quiet && !verbose;
    }

    public boolean verbose() {
        return verbose;
    }

    /** Whether log records and status lines are JSON objects ({@code --log-format json}). */
    public boolean json() {
        return logFormat == LogFormat.JSON;
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
        applyFormat();
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
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(logFile.toString());
        file.setAppend(true);
        file.setEncoder(logFormat == LogFormat.JSON ? jsonEncoder(context) : textEncoder(context));
        file.start();
        root.addAppender(file);
    }

    /** With {@code --log-format json}, makes the console's log records JSON objects; text needs nothing. */
    public void applyFormat() {
        if (logFormat != LogFormat.JSON) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appender -> {
            if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
                stream.stop();
                stream.setEncoder(jsonEncoder(context));
                stream.start();
            }
        });
    }

    /**
     * A line for the user on stderr: {@code warden: TEXT}, or with {@code --log-format json} a JSON object of the
     * log records' shape (logger {@value #STATUS_LOGGER}), without the line end.
     */
    public String statusLine(Level level, String text) {
        if (logFormat != LogFormat.JSON) {
            return "warden: " + text;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        byte[] encoded;
        synchronized (this) {
            if (statusEncoder == null) {
                statusEncoder = jsonEncoder(context);
            }
            LoggingEvent event = new LoggingEvent(Logger.FQCN, context.getLogger(STATUS_LOGGER), level, text, null,
                    null);
            encoded = statusEncoder.encode(event);
        }
        return new String(encoded, StandardCharsets.UTF_8).stripTrailing();
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level [%thread] %logger{0} - %msg%n");
        encoder.start();
        return encoder;
    }

    /**
     * One JSON object a line: time, level, thread, logger, the formatted message, MDC, key-value pairs and the
     * throwable. Not the message pattern and its raw arguments apart (the formatted message has them), nor the
     * context's properties.
     */
    private static JsonEncoder jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
