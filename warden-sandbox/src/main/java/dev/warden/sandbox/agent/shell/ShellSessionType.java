package dev.warden.sandbox.agent.shell;

import dev.warden.protocol.payload.SessionTypes;
import java.util.Optional;

/** The three session types the shell plugin runs, and what sets them apart (agent-side.md §5.1). */
enum ShellSessionType {

    /** {@code sh} in a pty, with the preferences' shell profile. */
    STANDARD_STREAM(SessionTypes.STANDARD_STREAM, true),
    /** {@code sh -c <commands>} in a pty, no shell profile. */
    INTERACTIVE_COMMANDS(SessionTypes.INTERACTIVE_COMMANDS, true),
    /** The shlex-split commands exec'd without shell or pty. */
    NON_INTERACTIVE_COMMANDS(SessionTypes.NON_INTERACTIVE_COMMANDS, false);

    private final String wireName;
    private final boolean pty;

    ShellSessionType(String wireName, boolean pty) {
        this.wireName = wireName;
        this.pty = pty;
    }

    static Optional<ShellSessionType> of(String sessionType) {
        for (ShellSessionType type : values()) {
            if (type.wireName.equals(sessionType)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The session type as documents and the agent name it. */
    String wireName() {
        return wireName;
    }

    /** Whether the process runs in a pseudo-terminal (and so waits before its first read, and takes Size). */
    boolean usesPty() {
        return pty;
    }
}
