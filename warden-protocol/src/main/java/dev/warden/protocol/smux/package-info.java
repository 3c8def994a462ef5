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
 *
 * <p>Wiring a session into a Netty pipeline (all on the channel's event loop): pass the event loop as the
 * session's executor; implement {@link dev.warden.protocol.smux.SmuxTransport} with {@code ctx.write},
 * {@code ctx.flush}, {@code channel.isWritable()} and {@code channel.config().setAutoRead(!paused)}; call
 * {@code onInbound} from {@code channelRead} (then release the message), {@code onTransportWritable} from
 * {@code channelWritabilityChanged}, {@code onTransportClosed} from {@code channelInactive}; and schedule
 * {@code onTick(System.nanoTime())} at {@code nextDeadlineNanos()} after every call that may move it. A
 * stream proxied to a local socket reads in {@code onReadable} while the socket is writable, and stops
 * reading the socket while the stream is not writable ({@code onWritabilityChanged}).
 */
package dev.warden.protocol.smux;
