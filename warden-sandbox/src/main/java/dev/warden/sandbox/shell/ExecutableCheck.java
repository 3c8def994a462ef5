package dev.warden.sandbox.shell;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks, before starting anything, that a program and a working directory are usable, and words the
 * problem the way Go's {@code os/exec} would — the agent passes those texts to the client. Neither pty4j
 * nor {@link ProcessBuilder} reports these cases in a comparable form (pty4j does not even notice a missing
 * working directory), so they are found here first.
 */
final class ExecutableCheck {

    private ExecutableCheck() {
    }

    /**
     * Go's text for why {@code program} cannot be run, or empty if it can. A name without a slash is looked
     * up in {@code searchPath} like {@code exec.LookPath} does; a name with a slash is taken as a path,
     * relative to {@code workingDirectory}.
     */
    static Optional<String> programProblem(String program, String searchPath, Path workingDirectory) {
        if (program.isEmpty()) {
            return Optional.of("exec: no command");
        }
        if (program.indexOf('/') < 0) {
            return isFoundOnPath(program, searchPath)
                    ? Optional.empty()
                    : Optional.of("exec: \"" + program + "\": executable file not found in $PATH");
        }
        Path file = workingDirectory.resolve(program);
        if (!Files.exists(file)) {
            return Optional.of("fork/exec " + program + ": no such file or directory");
        }
        if (Files.isDirectory(file) || !Files.isExecutable(file)) {
            return Optional.of("fork/exec " + program + ": permission denied");
        }
        return Optional.empty();
    }

    /** Go's text for why {@code directory} cannot be the working directory, or empty if it can. */
    static Optional<String> directoryProblem(Path directory) {
        if (!Files.exists(directory)) {
            return Optional.of("chdir " + directory + ": no such file or directory");
        }
        if (!Files.isDirectory(directory)) {
            return Optional.of("chdir " + directory + ": not a directory");
        }
        return Optional.empty();
    }

    private static boolean isFoundOnPath(String program, String searchPath) {
        if (searchPath == null) {
            return false;
        }
        for (String dir : searchPath.split(File.pathSeparator, -1)) {
            // An empty PATH entry means the current directory, as in every Unix shell and in Go.
            Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }
}
