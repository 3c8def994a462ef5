package dev.warden.bench;

import dev.warden.protocol.channel.ChannelConfig;
import dev.warden.protocol.channel.ChannelListener;
import dev.warden.protocol.channel.ChannelRole;
import dev.warden.protocol.channel.FrameTransport;
import dev.warden.protocol.channel.ReliableChannel;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.PayloadType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Payload throughput of the reliable-channel engine end to end: a client engine sends 1 KiB messages to an
 * agent engine over an in-memory link; every message is encoded, written, decoded, digest-checked, delivered
 * and acknowledged, and every acknowledgement travels back and is matched. One operation is one delivered
 * message, so MB/s = ops/s x payloadSize / 1e6.
 *
 * <p>The link delivers synchronously on the benchmark thread, so this is the single-core cost of both ends.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ReliableChannelBenchmark {

    @Param({"1024"})
    int payloadSize;

    private ReliableChannel client;
    private ReliableChannel agent;
    private byte[] payload;
    private long delivered;

    @Setup(Level.Trial)
    public void setUp() {
        payload = new byte[payloadSize];
        new SplittableRandom(7).nextBytes(payload);
        ChannelConfig config = ChannelConfig.defaults();
        client = new ReliableChannel(ChannelRole.CLIENT, config, message -> ChannelListener.Delivery.ACCEPTED);
        agent = new ReliableChannel(ChannelRole.AGENT, config, this::countDelivery);
        client.attach(new InMemoryLink(() -> agent));
        agent.attach(new InMemoryLink(() -> client));
    }

    private ChannelListener.Delivery countDelivery(ClientMessage message) {
        delivered += message.payload().length;
        return ChannelListener.Delivery.ACCEPTED;
    }

    @Benchmark
    public long sendDeliverAndAcknowledge() {
        if (!client.trySend(PayloadType.OUTPUT, payload)) {
            throw new IllegalStateException("the window filled up: acknowledgements are not coming back");
        }
        return delivered;
    }

    @TearDown(Level.Trial)
    public void checkEverythingArrived() {
        if (client.stats().unacknowledgedMessages() != 0) {
            throw new IllegalStateException("messages left unacknowledged: " + client.stats());
        }
    }

    /** Hands each written frame straight to the other engine. */
    private record InMemoryLink(java.util.function.Supplier<ReliableChannel> peer) implements FrameTransport {
        @Override
        public void write(byte[] frame) {
            peer.get().onFrame(frame);
        }
    }
}
