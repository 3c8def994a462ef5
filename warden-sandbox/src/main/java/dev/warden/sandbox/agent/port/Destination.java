package dev.warden.sandbox.agent.port;

import dev.warden.sandbox.fleet.HostAndPort;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a port session's connections go: the address as the agent on the instance sees it (used in its error
 * texts), and where that leads on this machine, or why it cannot be reached.
 *
 * @param shownAddress the instance-side address, e.g. {@code 127.0.0.1:22} or {@code db.internal:5432}
 * @param mapped       the loopback address the instance's port mapping leads to; empty when unreachable
 * @param problem      the agent's dial error when there is nothing to dial, e.g. a refused connection
 */
public record Destination(String shownAddress, Optional<HostAndPort> mapped, Optional<String> problem) {

    public Destination {
        Objects.requireNonNull(shownAddress, "shownAddress");
        Objects.requireNonNull(mapped, "mapped");
        Objects.requireNonNull(problem, "problem");
        if (mapped.isPresent() == problem.isPresent()) {
            throw new IllegalArgumentException("a destination is either mapped or has a problem");
        }
    }

    static Destination mapped(String shown, HostAndPort target) {
        return new Destination(shown, Optional.of(target), Optional.empty());
    }

    static Destination unreachable(String shown, String problem) {
        return new Destination(shown, Optional.empty(), Optional.of(problem));
    }
}
