package dev.warden.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.ConsoleTarget;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Warden's logging set-up, made in code rather than read from a {@code logback.xml}: parsing XML (Logback's Joran
 * and the JDK's parser, some 600 classes) cost every command a noticeable part of its start-up. Found by Logback
 * through {@code META-INF/services}, before it looks for any file.
 *
 * <p>The command's own output goes to stdout; log lines go to stderr: Warden's at INFO unless
 * {@code WARDEN_LOG_LEVEL} (a system property or an environment variable) says otherwise, e.g.
 * {@code WARDEN_LOG_LEVEL=DEBUG bin/warden sandbox}; libraries' at WARN. The session commands' options
 * ({@link LoggingOptions}) adjust this afterwards. Given {@code -Dlogback.configurationFile}, Logback reads that file
 * instead.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {

    static final String LEVEL_VARIABLE = "WARDEN_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget(ConsoleTarget.SystemErr.getName());
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("dev.warden").setLevel(Level.toLevel(wardenLevel(), Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** As Logback's {@code ${WARDEN_LOG_LEVEL}} would read it: the system property first, then the environment. */
    private static String wardenLevel() {
        String property = System.getProperty(LEVEL_VARIABLE);
        return property != null ? property : System.getenv(LEVEL_VARIABLE);
    }
}
