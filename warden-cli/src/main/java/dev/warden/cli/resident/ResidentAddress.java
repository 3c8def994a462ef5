package dev.warden.cli.resident;

import java.io.File;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the resident process for this environment listens, and the files beside its socket. A resident serves only
 * launchers whose environment is the one it was started with, because everything a session reads comes from there:
 * AWS variables and the profile files they point to, the PATH a credential_process runs from, the JVM and the jar.
 * So the socket's name is a digest of that environment: every environment variable except a few that only describe
 * the terminal or the shell ({@link #TERMINAL_ONLY}), the JVM, the class path (with each jar's size and time, so a
 * rebuilt warden gets a resident of its own) and the home directory. The digest reveals nothing of the values.
 *
 * <p>The directory is {@code ~/.warden/resident} (or {@code WARDEN_RESIDENT_DIR}) and must be the user's alone.
 */
record ResidentAddress(Path directory, String id) {

    /** Variables that differ between terminals of one user and that no session reads. */
    static final Set<String> TERMINAL_ONLY = Set.of("PWD", "OLDPWD", "SHLVL", "_", "TERM", "COLUMNS", "LINES",
            "WINDOWID", "TMUX_PANE", "SSH_TTY", "TERM_SESSION_ID", "GPG_TTY");

    /** A Unix socket's path is at most 107 bytes on Linux. */
    private static final int MAX_SOCKET_PATH = 107;

    static ResidentAddress of(Map<String, String> environment) {
        String configured = environment.get("WARDEN_RESIDENT_DIR");
        Path directory = configured != null && !configured.isBlank() ? Path.of(configured).toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".warden", "resident");
        return new ResidentAddress(directory, digest(environment));
    }

    Path socket() {
        return directory.resolve(id + ".sock");
    }

    /** Held by the resident for its whole life: one resident per address, and a way to see one is starting. */
    Path lock() {
        return directory.resolve(id + ".lock");
    }

    Path log() {
        return directory.resolve(id + ".log");
    }

    UnixDomainSocketAddress socketAddress() {
        return UnixDomainSocketAddress.of(socket());
    }

    /**
     * Why a resident cannot be used here, if it cannot: a directory open to other users (whoever can reach the
     * socket could run sessions as this user), or a path too long for a Unix socket.
     */
    Optional<String> problem() {
        if (socket().toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            return Optional.of("its socket path under " + directory + " is too long for a Unix socket; set "
                    + "WARDEN_RESIDENT_DIR to a shorter directory");
        }
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try {
            PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class);
            Set<PosixFilePermission> open = attributes.permissions();
            open.retainAll(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
            if (!open.isEmpty() || !attributes.owner().getName().equals(System.getProperty("user.name"))) {
                return Optional.of(directory + " must belong to " + System.getProperty("user.name")
                        + " and be closed to others (chmod 700 " + directory + ")");
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot check " + directory + ": " + e.getMessage());
        }
    }

    /** Creates the directory, closed to others, if it does not exist. */
    void createDirectory() throws IOException {
        Files.createDirectories(directory,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static String digest(Map<String, String> environment) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        Map<String, String> identity = new TreeMap<>(environment);
        identity.keySet().removeAll(TERMINAL_ONLY);
        identity.put("\0java.home", System.getProperty("java.home"));
        identity.put("\0user.home", System.getProperty("user.home"));
        identity.put("\0java.class.path", classPathIdentity());
        identity.forEach((key, value) -> {
            sha.update(key.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(value.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        });
        return HexFormat.of().formatHex(sha.digest(), 0, 12);
    }

    /** The class path with each jar's size and modification time. */
    private static String classPathIdentity() {
        StringBuilder identity = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File file = new File(entry).getAbsoluteFile();
            identity.append(file).append(':').append(file.length()).append(':').append(file.lastModified())
                    .append(File.pathSeparatorChar);
        }
        return identity.toString();
    }
}
