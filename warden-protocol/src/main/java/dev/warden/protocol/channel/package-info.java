/**
 * The reliable data channel of Session Manager (client-protocol.md §4, §7; agent-side.md §2.7, §3): sequence
 * numbers, acknowledgements, retransmission with an RFC 6298 timer, in-order delivery through a reorder buffer,
 * bounded memory with back-pressure, publication pause and resume over a new transport.
 *
 * <p>{@link dev.warden.protocol.channel.ReliableChannel} is the engine. It is transport-independent and serves
 * both ends: the client ({@link dev.warden.protocol.channel.ChannelRole#CLIENT}) and an emulated agent
 * ({@link dev.warden.protocol.channel.ChannelRole#AGENT}). It has no threads and never sleeps: the owner feeds it
 * events (frames, timer expiry, writability) on one thread and schedules a single timer for the deadline it
 * reports. The other classes are its parts, each with one job.
 */
package dev.warden.protocol.channel;
