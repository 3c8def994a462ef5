package dev.warden.sandbox.dataplane;

import dev.warden.sandbox.session.SessionLogFolder;
import dev.warden.sandbox.session.SessionSnapshot;
import dev.warden.sandbox.session.Termination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session log the service would upload to S3 or CloudWatch Logs, written instead to
 * {@code <sessionLogDirectory>/<s3KeyPrefix or log group>/<SessionId>.log} when the session's preferences name
 * a bucket or a log group (agent-side.md §5.7). It records the session's life on the data channel: opens,
 * reconnects, and how it ended. A session without logging preferences gets a log that writes nothing.
 */
class SessionLog {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLog.class);
    private static final SessionLog DISABLED = new SessionLog();

    private SessionLog() {
    }

    static SessionLog open(Path directory, SessionSnapshot session) {
        return SessionLogFolder.of(directory, session.preferences())
                .<SessionLog>map(folder -> new FileLog(folder.resolve(session.sessionId() + ".log"), session))
                .orElse(DISABLED);
    }

    void event(String what) {
    }

    void ended(Termination termination) {
    }

    /** A log that appends one line per event. */
    private static final class FileLog extends SessionLog {
        private final Path file;

        FileLog(Path file, SessionSnapshot session) {
            this.file = file;
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            event("session " + session.sessionId() + " on " + session.target() + " with "
                    + session.document().name() + " started by " + session.owner().arn());
        }

        @Override
        void event(String what) {
            String line = Instant.now() + " " + what + System.lineSeparator();
            try {
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                LOG.warn("Could not write the session log {}: {}", file, e.toString());
            }
        }

        @Override
        void ended(Termination termination) {
            event("ended: " + termination.cause() + (termination.message().isEmpty() ? ""
                    : " (" + termination.message().strip() + ")"));
        }
    }
}
