package dev.warden.sandbox.shell;

import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link PtyShell}. Build one with {@link #standardStream()}, {@link #interactiveCommands(String)}
 * or {@link #command(List)}, then the shared settings of {@link ProcessSettings.Builder}.
 */
public final class PtyShellSpec extends ProcessSettings {

    private final List<String> command;
    private final TerminalSize initialSize;
    private final String shellProfile;
    private final int inputBufferLimit;

    private PtyShellSpec(Builder builder) {
        super(builder);
        this.command = builder.command;
        this.initialSize = builder.initialSize;
        this.shellProfile = builder.shellProfile;
        this.inputBufferLimit = builder.inputBufferLimit;
    }

    /** Standard_Stream: a plain {@code sh} (not a login shell), found on the PATH as the agent does. */
    public static Builder standardStream() {
        return new Builder(List.of("sh"));
    }

    /** InteractiveCommands: {@code sh -c <commands>} in the pty. */
    public static Builder interactiveCommands(String commands) {
        if (commands == null || commands.isBlank()) {
            throw new IllegalArgumentException("Commands cannot be empty for session type InteractiveCommands");
        }
        return new Builder(List.of("sh", "-c", commands));
    }

    /** Any other program in the pty, e.g. a configured shell; the first word is found on the PATH. */
    public static Builder command(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return new Builder(List.copyOf(command));
    }

    public List<String> command() {
        return command;
    }

    /** The size the terminal starts with, or {@code null} for the kernel's 0×0 (what the agent leaves). */
    public TerminalSize initialSize() {
        return initialSize;
    }

    /** The shell profile written to the shell's input on start, or {@code null}. */
    public String shellProfile() {
        return shellProfile;
    }

    /** How many input bytes may wait for the terminal before {@link PtyShell#hasRoomForInput} says no. */
    public int inputBufferLimit() {
        return inputBufferLimit;
    }

    public static final class Builder extends ProcessSettings.Builder<Builder> {

        private final List<String> command;
        private TerminalSize initialSize;
        private String shellProfile;
        private int inputBufferLimit = PtyInputWriter.MAX_PENDING_BYTES;

        private Builder(List<String> command) {
            this.command = command;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder initialSize(TerminalSize size) {
            this.initialSize = Objects.requireNonNull(size, "size");
            return this;
        }

        /**
         * The session preferences' {@code shellProfile.linux}: written to the shell's input followed by
         * {@code "\n"} right after start, before any caller input, so the shell runs (and echoes) it first.
         * A blank profile is ignored, as by the agent. The agent applies it to Standard_Stream only.
         */
        public Builder shellProfile(String profile) {
            this.shellProfile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** Caps the input waiting for the terminal (default 1 MiB); lower it to see back-pressure sooner. */
        public Builder inputBufferLimit(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("input buffer limit must be positive: " + bytes);
            }
            this.inputBufferLimit = bytes;
            return this;
        }

        public PtyShellSpec build() {
            return new PtyShellSpec(this);
        }
    }
}
