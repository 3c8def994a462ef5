package dev.warden.sandbox.agent.port;

import dev.warden.sandbox.fleet.HostAndPort;
import dev.warden.sandbox.fleet.ManagedInstance;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Works out where a port session dials, through the instance's port mapping: {@code portNumber} on the instance
 * itself ({@code localhost}, as the agent dials it), or {@code host:portNumber} reached through the instance
 * (AWS-StartPortForwardingSessionToRemoteHost). Only mapped destinations are ever dialled, so the sandbox cannot be
 * used as an open proxy; anything else fails as a dial would on the instance, in Go's words:
 * <ul>
 *   <li>a port nobody listens on: {@code dial tcp 127.0.0.1:<port>: connect: connection refused};</li>
 *   <li>a denied address: {@code Forwarding to IP address <host> is forbidden.} (agent-side.md §4.1);</li>
 *   <li>a host name the instance cannot resolve: {@code dial tcp: lookup <host>: no such host}.</li>
 * </ul>
 */
public final class DestinationResolver {

    private static final Pattern IP_LITERAL = Pattern.compile("^(\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9a-fA-F:]+]?)$");

    private DestinationResolver() {
    }

    public static Destination resolve(ManagedInstance instance, PortParameters parameters) {
        int port = port(parameters.portNumber());
        Optional<String> host = parameters.host();
        if (host.isEmpty() || host.get().equals("localhost") || host.get().equals("127.0.0.1")) {
            String shown = "127.0.0.1:" + parameters.portNumber();
            if (port < 1) {
                return Destination.unreachable(shown, "dial tcp: address localhost:" + parameters.portNumber()
                        + ": invalid port");
            }
            return instance.destinationFor(Optional.empty(), port)
                    .map(target -> Destination.mapped(shown, target))
                    .orElseGet(() -> Destination.unreachable(shown, GoDialErrors.refused(shown)));
        }
        String name = host.get();
        String shown = (name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name) + ":"
                + parameters.portNumber();
        if (DeniedAddresses.isDenied(name)) {
            return Destination.unreachable(shown, "Forwarding to IP address " + name + " is forbidden.");
        }
        if (port < 1) {
            return Destination.unreachable(shown, "dial tcp: address " + shown + ": invalid port");
        }
        Optional<HostAndPort> target = instance.destinationFor(host, port);
        if (target.isPresent()) {
            return Destination.mapped(shown, target.get());
        }
        return Destination.unreachable(shown, IP_LITERAL.matcher(name).matches() ? GoDialErrors.refused(shown)
                : "dial tcp: lookup " + name + ": no such host");
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
