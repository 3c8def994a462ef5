package dev.warden.client.port;

import dev.warden.client.session.SessionHandler;

/** A port session handler in one of the {@link PortMode}s: connects local ends to remote streams. */
interface PortForwarder extends SessionHandler {

    PortMode mode();

    /** Connects {@code local} to a remote stream, now or when the mode allows (basic: one at a time). */
    void connect(LocalEnd local);

    /** {@code local} went away before it was connected. */
    default void disconnected(LocalEnd local) {
    }
}
