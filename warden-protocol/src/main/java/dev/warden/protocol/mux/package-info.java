/**
 * Byte streams over the data channel's Output payloads: the bridge between the reliable-channel engine
 * ({@link dev.warden.protocol.channel.ReliableChannel}) and what runs on top of it.
 *
 * <ul>
 *   <li>{@link dev.warden.protocol.mux.ByteStreamOverChannel}: a plain byte stream, for basic port forwarding and
 *       standard-stream (SSH ProxyCommand) forwarding: chunking into Output payloads, a bounded outbound queue,
 *       and inbound back-pressure by answering the engine {@code NOT_READY}.</li>
 *   <li>{@link dev.warden.protocol.mux.SmuxOverChannel}: an {@link dev.warden.protocol.smux.SmuxSession} on such
 *       a stream, for multiplexed port forwarding; the same class serves the client (smux client) and the
 *       emulated agent (smux server).</li>
 *   <li>{@link dev.warden.protocol.mux.OutputLimits}: payload size and pending bound.</li>
 * </ul>
 *
 * Like the engine and the smux session, everything here is confined to one thread, has no threads or clock of its
 * own, and handles only Output payloads: the owner's channel listener delegates those and keeps every other
 * payload type.
 */
package dev.warden.protocol.mux;
