package dev.warden.bench.governance;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** The governance harnesses' logging: warnings only. */
final class QuietLogging {

    private QuietLogging() {
    }

    /**
     * Sets the root logger to WARN and lets every other logger inherit it: the sandbox logs each request at INFO,
     * which at 10,000 sessions would be a benchmark's largest cost.
     */
    static void apply() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        logging.getLoggerList().forEach(l -> l.setLevel(l.getName().equals(Logger.ROOT_LOGGER_NAME) ? Level.WARN : null));
    }
}
