/**
 * smux, the stream multiplexer Session Manager runs inside the data channel for multiplexed port
 * forwarding (client-protocol.md §6.5, agent-side.md §4.4), wire compatible with xtaci/smux 1.5.x.
 *
 * <ul>
 *   <li>Codec: {@link dev.warden.protocol.smux.SmuxFrame}, {@link dev.warden.protocol.smux.SmuxFrameEncoder}
 *       and the incremental {@link dev.warden.protocol.smux.SmuxFrameDecoder}, which never throws for bad
 *       input.</li>
 *   <li>Session: {@link dev.warden.protocol.smux.SmuxSession} and its
 *       {@link dev.warden.protocol.smux.SmuxStream}s, driven entirely by their owner (inbound bytes,
 *       transport writability, explicit time) and confined to one thread; they own no threads, sockets or
 *       timers.</li>
 * </ul>
 */
package dev.warden.protocol.smux;
