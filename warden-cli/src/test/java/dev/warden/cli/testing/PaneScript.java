package dev.warden.cli.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The script a tmux pane runs: one command in exactly the given environment (nothing inherited), then its exit
 * status written to a file, which appears whole (written aside, then renamed) once the command has ended.
 */
public final class PaneScript {

    private PaneScript() {
    }

    public static Path write(Path file, Path exitFile, Map<String, String> environment, List<String> command)
            throws IOException {
        return write(file, exitFile, environment, command, null);
    }

    /** The same, with the command's stderr in {@code stderrFile} instead of the pane (when not null). */
    public static Path write(Path file, Path exitFile, Map<String, String> environment, List<String> command,
                             Path stderrFile) throws IOException {
        String assignments = environment.entrySet().stream().map(e -> e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining(" "));
        String words = command.stream().map(PaneScript::quote).collect(Collectors.joining(" "));
        String partial = quote(exitFile + ".tmp");
        Files.writeString(file, "#!/bin/sh\n"
                + "env -i " + assignments + " " + words
                + (stderrFile == null ? "" : " 2> " + quote(stderrFile.toString())) + "\n"
                + "echo $? > " + partial + "\n"
                + "mv " + partial + " " + quote(exitFile.toString()) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** Single-quotes a word for sh. */
    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
