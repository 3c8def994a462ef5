package dev.warden.sandbox.session;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a session's log goes, standing in for the S3 object or CloudWatch log stream the agent would upload
 * (agent-side.md §5.7): {@code <root>/<bucket>/<s3KeyPrefix>} when the preferences name a bucket, else
 * {@code <root>/<log group>}. One rule for every writer of the file (the data plane's records, a shell's output).
 */
public final class SessionLogFolder {

    private SessionLogFolder() {
    }

    /**
     * The folder under {@code root} for the session's log, or empty when the preferences enable no logging or
     * their names would lead outside {@code root}.
     */
    public static Optional<Path> of(Path root, SessionPreferences preferences) {
        if (preferences.s3BucketName().isBlank() && preferences.cloudWatchLogGroup().isBlank()) {
            return Optional.empty();
        }
        String folder = !preferences.s3BucketName().isBlank()
                ? pathSafe(preferences.s3BucketName()) + "/" + pathSafe(preferences.s3KeyPrefix())
                : pathSafe(preferences.cloudWatchLogGroup());
        Path base = root.toAbsolutePath().normalize();
        Path directory = base.resolve(folder).normalize();
        return directory.startsWith(base) ? Optional.of(directory) : Optional.empty();
    }

    /**
     * Names become relative path elements, never a way out of the log directory: log groups usually start with a
     * slash ({@code /aws/ssm/sessions}), which is dropped rather than making the path absolute.
     */
    private static String pathSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9._/-]", "_").replace("..", "_").replaceAll("^/+", "");
    }
}
