package dev.warden.sandbox.shell;

/**
 * Which stream a chunk of process output belongs to. The names follow the data channel's payload types,
 * so the caller can map them one to one.
 */
public enum OutputKind {
    /**
     * Payload type 1 ({@code Output}): everything a pty shell prints, a NonInteractiveCommands process's
     * stdout, or its combined stdout and stderr when output is not separated.
     */
    OUTPUT,
    /** Payload type 11 ({@code StdErr}): a NonInteractiveCommands process's stderr when output is separated. */
    STDERR
}
