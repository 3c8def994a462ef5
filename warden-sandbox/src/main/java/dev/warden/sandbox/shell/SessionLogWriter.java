package dev.warden.sandbox.shell;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The sandbox's stand-in for session logging to S3 or CloudWatch (agent-side spec §5.7): every output
 * chunk of one session is appended to {@code <folder>/<sessionId>.log}, the name the agent uploads.
 *
 * <p>The folder and file are created only when the first chunk arrives, so a session that prints nothing
 * leaves nothing behind. Writes are buffered and flushed by {@link #close()} at the end of the session.
 * Only process output is ever written — never input (which may carry typed passwords), environment or
 * credentials — and the file is readable by its owner only.
 *
 * <p>Thread-safe: the stdout and stderr readers of a command may append concurrently.
 */
public final class SessionLogWriter implements Closeable {

    /**
     * What a session id may look like: AWS builds it from the caller's session or user name (letters,
     * digits and {@code +=,.@_-}) and a random suffix. Anything else, in particular a path separator, is
     * refused so that an id can never point outside the folder.
     */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9+=,@_-][A-Za-z0-9+=,.@_-]{0,250}");

    private final Path folder;
    private final Path file;
    private OutputStream out;
    private boolean closed;

    private SessionLogWriter(Path folder, Path file) {
        this.folder = folder;
        this.file = file;
    }

    /** A writer for {@code <folder>/<sessionId>.log}; nothing is created on disk yet. */
    public static SessionLogWriter forSession(Path folder, String sessionId) {
        Objects.requireNonNull(folder, "folder");
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw new IllegalArgumentException("not a usable session id for a log file name: " + sessionId);
        }
        return new SessionLogWriter(folder, folder.resolve(sessionId + ".log"));
    }

    /** Where the log is (or will be) written. */
    public Path file() {
        return file;
    }

    /** Appends one output chunk, creating the folder and file on first use. */
    public synchronized void append(byte[] chunk) throws IOException {
        if (closed) {
            throw new IOException("session log " + file + " is closed");
        }
        if (chunk.length == 0) {
            return;
        }
        if (out == null) {
            out = new BufferedOutputStream(open());
        }
        out.write(chunk);
    }

    /** Flushes and closes the file. Idempotent; a later {@link #append} fails. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (out != null) {
            out.close();
        }
    }

    private OutputStream open() throws IOException {
        Files.createDirectories(folder);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix") && !Files.exists(file)) {
            // Session output can contain anything the user saw; keep it away from other local users.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
