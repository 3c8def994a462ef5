package dev.warden.protocol.payload;

/**
 * One entry of a HandshakeRequest's {@code RequestedClientActions}: the agent asks the client to do
 * something and report the outcome in the HandshakeResponse (client-protocol.md §5.1).
 */
public sealed interface RequestedClientAction permits SessionTypeAction, KmsEncryptionAction, UnknownAction {

    /** The {@code ActionType} on the wire. */
    String actionType();
}
