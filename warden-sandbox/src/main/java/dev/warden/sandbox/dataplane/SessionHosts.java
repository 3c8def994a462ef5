package dev.warden.sandbox.dataplane;

import dev.warden.sandbox.agent.AgentSettings;
import dev.warden.sandbox.fleet.Fleet;
import dev.warden.sandbox.kms.KmsApi;
import dev.warden.sandbox.session.SessionListener;
import dev.warden.sandbox.session.SessionSnapshot;
import dev.warden.sandbox.session.Termination;
import io.netty.channel.EventLoop;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The live sessions of the data plane, one {@link SessionHost} each, created when a client first opens the
 * session's data channel. It listens to the registry: whatever ends a session (TerminateSession, idle timeout,
 * maximum duration, the agent) reaches the host here, which sends {@code channel_closed} and stops the agent.
 */
final class SessionHosts implements SessionListener {

    private final Map<String, SessionHost> hosts = new ConcurrentHashMap<>();
    private final Fleet fleet;
    private final KmsApi kms;
    private final Supplier<AgentSettings> agentSettings;
    private DataPlaneContext context;

    SessionHosts(Fleet fleet, KmsApi kms, Supplier<AgentSettings> agentSettings) {
        this.fleet = fleet;
        this.kms = kms;
        this.agentSettings = agentSettings;
    }

    void bind(DataPlaneContext dataPlane) {
        this.context = dataPlane;
    }

    /** The session's host, created on {@code loop} for its first connection; later ones join that loop. */
    SessionHost hostFor(String sessionId, EventLoop loop) {
        return hosts.computeIfAbsent(sessionId, id -> new SessionHost(id, loop, context, fleet, kms,
                agentSettings.get(), () -> hosts.remove(id)));
    }

    Collection<SessionHost> all() {
        return List.copyOf(hosts.values());
    }

    @Override
    public void onTerminated(SessionSnapshot session, Termination termination) {
        SessionHost host = hosts.get(session.sessionId());
        if (host != null) {
            host.terminate(termination);
        }
    }
}
