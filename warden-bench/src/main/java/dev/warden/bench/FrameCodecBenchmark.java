package dev.warden.bench;

import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Encode plus decode of one data frame, digest computed on encode and verified on decode, on one thread:
 * what each side of a data channel pays per message. Reported in frames per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class FrameCodecBenchmark {

    /** Payload bytes per frame: the official peers' 1 KiB chunk, and a larger one for comparison. */
    @Param({"1024", "16384"})
    int payloadSize;

    private ClientMessage message;
    private ByteBufAllocator allocator;

    @Setup
    public void setUp() {
        byte[] payload = new byte[payloadSize];
        new SplittableRandom(1).nextBytes(payload);
        message = ClientMessage.stream(MessageTypes.INPUT_STREAM_DATA, 42, 0, PayloadType.OUTPUT, payload,
                System.currentTimeMillis(), UUID.randomUUID());
        allocator = PooledByteBufAllocator.DEFAULT;
    }

    @Benchmark
    public ClientMessage encodeAndDecode() {
        ByteBuf wire = FrameCodec.encode(message, allocator);
        try {
            return FrameCodec.decode(wire).value();
        } finally {
            wire.release();
        }
    }
}
