package dev.warden.sandbox.dataplane;

import dev.warden.sandbox.auth.SigV4Verifier;
import dev.warden.sandbox.config.DataPlaneSettings;
import dev.warden.sandbox.faults.Faults;
import dev.warden.sandbox.session.SessionRegistry;
import java.time.Clock;

/**
 * What every part of the data plane shares: the control plane's registry, verifier and clock, the live faults,
 * the settings, the per-session hosts and
 * the count of open connections.
 */
record DataPlaneContext(SessionRegistry registry, SigV4Verifier verifier, Clock clock, Faults faults,
                        DataPlaneSettings settings, SessionHosts hosts,
                        OpenConnections connections) {
}
