package dev.warden.sandbox.agent;

import dev.warden.sandbox.fleet.ManagedInstance;
import dev.warden.sandbox.session.SessionDocument;
import dev.warden.sandbox.session.SessionPreferences;
import java.util.Objects;

/**
 * What the emulated agent is told when a session starts: the real agent learns it from the service's start message
 * ({@code interactive_shell}, agent-side.md §7).
 *
 * @param sessionId   the session
 * @param instance    the instance the agent runs on: its agent version and where its ports lead
 * @param document    the resolved session document (session type, properties, inputs)
 * @param preferences the session preferences (KMS key, run-as user, logging)
 * @param kms         Decrypt of the client's data key, for encrypted sessions
 * @param settings    the agents' knobs
 */
public record AgentSessionSpec(String sessionId, ManagedInstance instance, SessionDocument document,
                               SessionPreferences preferences, DataKeyDecryption kms, AgentSettings settings) {

    public AgentSessionSpec {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(preferences, "preferences");
        Objects.requireNonNull(kms, "kms");
        Objects.requireNonNull(settings, "settings");
    }

    /** The plugin the session runs: Standard_Stream, InteractiveCommands, NonInteractiveCommands or Port. */
    public String sessionType() {
        return document.sessionType();
    }

    /** The version the agent reports in its HandshakeRequest; the client's version gates test it. */
    public String agentVersion() {
        return instance.agentVersion();
    }
}
