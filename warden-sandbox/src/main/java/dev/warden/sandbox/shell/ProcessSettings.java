package dev.warden.sandbox.shell;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link PtyShellSpec} and {@link CommandSpec} have in common: where and as whom the process runs,
 * its environment, and how its output is read.
 */
public abstract class ProcessSettings {

    /** The agent's {@code StreamDataPayloadSize}: the largest read from a process. */
    public static final int AGENT_PAYLOAD_SIZE = 1024;

    private final Path workingDirectory;
    private final Map<String, String> inheritedEnvironment;
    private final Map<String, String> environment;
    private final String runAsUser;
    private final int payloadSize;
    private final boolean startPaused;
    private final SessionLogWriter sessionLog;

    protected ProcessSettings(Builder<?> builder) {
        this.workingDirectory = builder.workingDirectory;
        this.inheritedEnvironment = Map.copyOf(builder.inheritedEnvironment);
        this.environment = Map.copyOf(builder.environment);
        this.runAsUser = builder.runAsUser;
        this.payloadSize = builder.payloadSize;
        this.startPaused = builder.startPaused;
        this.sessionLog = builder.sessionLog;
    }

    /** The working directory; the sandbox's own when not set (as for the agent, which leaves it unset). */
    public Path workingDirectory() {
        return workingDirectory != null ? workingDirectory.toAbsolutePath() : Path.of("").toAbsolutePath();
    }

    /** The environment the process inherits before the agent's rules apply; see {@link SessionEnvironment}. */
    public Map<String, String> inheritedEnvironment() {
        return inheritedEnvironment;
    }

    /** The caller's additional variables; they win over the agent's rules. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The RunAs user, or {@code null} to run as the sandbox's own user. */
    public String runAsUser() {
        return runAsUser;
    }

    /** The largest read from the process, before UTF-8 carry. */
    public int payloadSize() {
        return payloadSize;
    }

    /** Whether output reading starts paused (see {@link SessionProcess#pause()}). */
    public boolean startPaused() {
        return startPaused;
    }

    /** Where output is copied, or {@code null}. */
    public SessionLogWriter sessionLog() {
        return sessionLog;
    }

    /** The complete environment of the process. */
    Map<String, String> effectiveEnvironment() {
        return SessionEnvironment.build(inheritedEnvironment, runAsUser, environment);
    }

    /**
     * The shared setters. {@code B} is the concrete builder, so that chained calls keep their type.
     */
    public abstract static class Builder<B extends Builder<B>> {

        private Path workingDirectory;
        private Map<String, String> inheritedEnvironment = System.getenv();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String runAsUser;
        private int payloadSize = AGENT_PAYLOAD_SIZE;
        private boolean startPaused;
        private SessionLogWriter sessionLog;

        protected Builder() {
        }

        protected abstract B self();

        public B workingDirectory(Path directory) {
            this.workingDirectory = Objects.requireNonNull(directory, "directory");
            return self();
        }

        /** Replaces the inherited environment (default: the sandbox's own, {@link System#getenv()}). */
        public B inheritedEnvironment(Map<String, String> inherited) {
            this.inheritedEnvironment = Map.copyOf(inherited);
            return self();
        }

        /** Adds a variable, applied after the agent's TERM, LANG and HOME rules. */
        public B environment(String name, String value) {
            this.environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return self();
        }

        /** Runs the process as {@code user} (the session's RunAs user); the sandbox must run as root. */
        public B runAsUser(String user) {
            this.runAsUser = Objects.requireNonNull(user, "user");
            return self();
        }

        /** The largest read from the process (default {@value ProcessSettings#AGENT_PAYLOAD_SIZE}, the agent's). */
        public B payloadSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("payload size must be positive: " + bytes);
            }
            this.payloadSize = bytes;
            return self();
        }

        /**
         * Starts with output reading paused, so that nothing is read before the caller is ready (the agent
         * waits one second before its first read); {@link SessionProcess#resume()} starts it.
         */
        public B startPaused(boolean paused) {
            this.startPaused = paused;
            return self();
        }

        /** Copies every output chunk to {@code log}; the process closes the log when it ends. */
        public B sessionLog(SessionLogWriter log) {
            this.sessionLog = Objects.requireNonNull(log, "log");
            return self();
        }
    }
}
