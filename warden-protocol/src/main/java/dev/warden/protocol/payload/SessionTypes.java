package dev.warden.protocol.payload;

import java.util.Optional;

/**
 * The session types (agent plugin names) a HandshakeRequest names (client-protocol.md §5.1, §6;
 * agent-side.md §2.5).
 */
public final class SessionTypes {

    /** An interactive shell; without KMS the agent skips the handshake for it. */
    public static final String STANDARD_STREAM = "Standard_Stream";
    /** A command run in a terminal (AWS-StartInteractiveCommand); a shell to the client. */
    public static final String INTERACTIVE_COMMANDS = "InteractiveCommands";
    /** A command run without a terminal (AWS-StartNonInteractiveCommand); a shell to the client. */
    public static final String NON_INTERACTIVE_COMMANDS = "NonInteractiveCommands";
    /** Port forwarding or an SSH tunnel. */
    public static final String PORT = "Port";

    private SessionTypes() {
    }

    /**
     * The client session handler for a requested type, as the official client maps it: the three shell
     * types all run the {@link #STANDARD_STREAM} handler, {@link #PORT} runs the port handler, and any other
     * type is unknown (empty).
     */
    public static Optional<String> clientHandlerFor(String sessionType) {
        if (STANDARD_STREAM.equals(sessionType) || INTERACTIVE_COMMANDS.equals(sessionType)
                || NON_INTERACTIVE_COMMANDS.equals(sessionType)) {
            return Optional.of(STANDARD_STREAM);
        }
        if (PORT.equals(sessionType)) {
            return Optional.of(PORT);
        }
        return Optional.empty();
    }
}
