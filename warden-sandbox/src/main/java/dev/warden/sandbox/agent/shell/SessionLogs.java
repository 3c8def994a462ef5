package dev.warden.sandbox.agent.shell;

import dev.warden.sandbox.agent.AgentSessionSpec;
import dev.warden.sandbox.session.SessionLogFolder;
import dev.warden.sandbox.session.SessionPreferences;
import dev.warden.sandbox.shell.SessionLogWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a shell session's output is logged, and where. The agent logs when the preferences name an S3 bucket
 * or a CloudWatch log group and uploads {@code <SessionId>.log} (agent-side.md §5.7); the sandbox appends the
 * output to {@code <session log directory>/<bucket>/<s3KeyPrefix>/<SessionId>.log}, or
 * {@code <session log directory>/<log group>/<SessionId>.log}, the file the data plane records the session's
 * life in.
 */
final class SessionLogs {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLogs.class);

    private SessionLogs() {
    }

    /** The session's log writer, or empty when logging is off (or the names cannot make a safe path). */
    static Optional<SessionLogWriter> writerFor(AgentSessionSpec spec) {
        SessionPreferences preferences = spec.preferences();
        Optional<Path> directory = SessionLogFolder.of(spec.settings().sessionLogDirectory(), preferences);
        if (directory.isEmpty()) {
            if (!preferences.s3BucketName().isBlank() || !preferences.cloudWatchLogGroup().isBlank()) {
                LOG.warn("Session {} is not logged: its log folder would be outside the log directory",
                        spec.sessionId());
            }
            return Optional.empty();
        }
        try {
            return Optional.of(SessionLogWriter.forSession(directory.get(), spec.sessionId()));
        } catch (IllegalArgumentException e) {
            // Like the agent, a logging problem never stops the session itself.
            LOG.warn("Session {} is not logged: {}", spec.sessionId(), e.getMessage());
            return Optional.empty();
        }
    }
}
