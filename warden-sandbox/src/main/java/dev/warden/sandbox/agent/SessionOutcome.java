package dev.warden.sandbox.agent;

/**
 * How the emulated agent tells the service that its side of a session is over (the real agent's
 * {@code agent_task_complete}); the service then sends {@code channel_closed} to the client. Called on the
 * session's event loop, at most once per session.
 */
public interface SessionOutcome {

    /** The session ended normally: the shell exited, the SSH destination closed, the client asked to stop. */
    void ended();

    /**
     * The session failed; {@code output} is the text the client is shown in {@code channel_closed}, in the form
     * the agent produces it (see {@link AgentTexts}).
     */
    void failed(String output);
}
