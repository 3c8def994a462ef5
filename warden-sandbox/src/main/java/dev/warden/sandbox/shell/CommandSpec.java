package dev.warden.sandbox.shell;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to start a {@link CommandProcess} (NonInteractiveCommands). Build one with
 * {@link #nonInteractiveCommands(String)}, optionally {@link Builder#separateOutput(String, String)}, then the
 * shared settings of {@link ProcessSettings.Builder}.
 */
public final class CommandSpec extends ProcessSettings {

    /** The agent's {@code separateOutputStreamPrefixRegex}; ASCII only, so 30 characters are 30 bytes. */
    private static final Pattern SEPARATOR_PREFIX = Pattern.compile("[0-9a-zA-Z\r\n_:-]{0,30}");

    private final String commands;
    private final boolean separateOutput;
    private final String stdoutPrefix;
    private final String stderrPrefix;
    private final Path spoolDirectory;

    private CommandSpec(Builder builder) {
        super(builder);
        this.commands = builder.commands;
        this.separateOutput = builder.separateOutput;
        this.stdoutPrefix = builder.stdoutPrefix;
        this.stderrPrefix = builder.stderrPrefix;
        this.spoolDirectory = builder.spoolDirectory;
    }

    /**
     * The document's {@code commands}, split with {@link Shlex} when the process starts and exec'd
     * directly: no shell, no pty, no stdin.
     */
    public static Builder nonInteractiveCommands(String commands) {
        if (commands == null || commands.isBlank()) {
            throw new IllegalArgumentException("Commands cannot be empty for session type NonInteractiveCommands");
        }
        return new Builder(commands);
    }

    public String commands() {
        return commands;
    }

    /** Whether stdout and stderr are delivered live and separately; otherwise combined, after exit. */
    public boolean separateOutput() {
        return separateOutput;
    }

    public String stdoutPrefix() {
        return stdoutPrefix;
    }

    public String stderrPrefix() {
        return stderrPrefix;
    }

    /** Where combined output is collected until the command exits. */
    public Path spoolDirectory() {
        return spoolDirectory;
    }

    byte[] stdoutPrefixBytes() {
        return stdoutPrefix.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] stderrPrefixBytes() {
        return stderrPrefix.getBytes(StandardCharsets.US_ASCII);
    }

    public static final class Builder extends ProcessSettings.Builder<Builder> {

        private final String commands;
        private boolean separateOutput;
        private String stdoutPrefix = "";
        private String stderrPrefix = "";
        private Path spoolDirectory = Path.of(System.getProperty("java.io.tmpdir"));

        private Builder(String commands) {
            this.commands = commands;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * {@code separateOutputStream}: stdout and stderr are delivered live as {@link OutputKind#OUTPUT} and
         * {@link OutputKind#STDERR}, each chunk prefixed as {@link SeparatorPrefixer} describes.
         *
         * @param stdoutPrefix {@code stdOutSeparatorPrefix}, may be empty
         * @param stderrPrefix {@code stdErrSeparatorPrefix}, may be empty
         * @throws IllegalArgumentException with the agent's text ({@code invalid stdoutSeparatorPrefix …})
         *     for a prefix outside {@code ^[0-9a-zA-Z\r\n_:-]{0,30}$}
         */
        public Builder separateOutput(String stdoutPrefix, String stderrPrefix) {
            this.stdoutPrefix = validPrefix("stdoutSeparatorPrefix", stdoutPrefix);
            this.stderrPrefix = validPrefix("stderrSeparatorPrefix", stderrPrefix);
            this.separateOutput = true;
            return this;
        }

        /**
         * Where combined (not separated) output waits for the command to exit, as the agent's
         * {@code <orchestration dir>/output} file does. Default: the JVM's temporary directory.
         */
        public Builder spoolDirectory(Path directory) {
            this.spoolDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        public CommandSpec build() {
            return new CommandSpec(this);
        }

        private static String validPrefix(String property, String prefix) {
            Objects.requireNonNull(prefix, property);
            if (!SEPARATOR_PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("invalid " + property + " " + prefix);
            }
            return prefix;
        }
    }
}
