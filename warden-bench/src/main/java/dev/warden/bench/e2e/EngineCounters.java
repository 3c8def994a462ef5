package dev.warden.bench.e2e;

import dev.warden.client.port.PortSession;
import dev.warden.client.session.SessionChannel;
import dev.warden.protocol.channel.ChannelStats;
import dev.warden.protocol.channel.ReliableChannel;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;

/**
 * Prints the client engine's counters of a port session (retransmissions, NOT_READY refusals, acknowledgements),
 * so that a slow figure comes with the reason: timeouts and refusals show up here, not in the MB/s. The session
 * does not expose its engine, so this reads it reflectively; a diagnostic only.
 */
final class EngineCounters {

    private EngineCounters() {
    }

    static void print(PortSession session) {
        try {
            ChannelStats stats = stats(session);
            System.out.printf("  client engine: sent %d, retransmitted %d, acked %d (unknown acks %d), acks sent %d,"
                            + " delivered %d, duplicates %d, out-of-order %d buffered / %d dropped, NOT_READY %d,"
                            + " SRTT %.1f ms, RTO %.1f ms%n", stats.messagesSent(), stats.messagesRetransmitted(),
                    stats.messagesAcknowledged(), stats.unknownAcknowledgements(), stats.acknowledgementsSent(),
                    stats.messagesDelivered(), stats.duplicatesReceived(), stats.outOfOrderBuffered(),
                    stats.outOfOrderDropped(), stats.notReadyRefusals(), stats.smoothedRttNanos() / 1e6,
                    stats.retransmissionTimeoutNanos() / 1e6);
        } catch (IllegalStateException e) {
            System.out.println("  client engine: " + e.getMessage());
        }
    }

    /** The session's engine counters, read on its event loop (the engine is not thread-safe). */
    static ChannelStats stats(PortSession session) {
        try {
            Field field = PortSession.class.getDeclaredField("channel");
            field.setAccessible(true);
            SessionChannel channel = (SessionChannel) field.get(session);
            ReliableChannel engine = channel.engine();
            return channel.eventLoop().submit(engine::stats).get(5, TimeUnit.SECONDS);
        } catch (ReflectiveOperationException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("counters unavailable (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the counters", e);
        }
    }
}
