package dev.warden.protocol.smux;

import dev.warden.protocol.smux.LinkSimulation.Scenario;
import dev.warden.protocol.smux.LinkSimulation.StreamPlan;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

import java.util.List;

/**
 * Two sessions over a link that splits and merges the byte stream arbitrarily, with up to 50 concurrent
 * streams in both directions; see {@link LinkSimulation} for what is checked.
 */
class SmuxSessionProperties {

    private static final long MAX_TOTAL_BYTES = 1L << 20;

    @Property(tries = 80)
    void version1DeliversEveryByteOnceAndInOrder(@ForAll("version1") Scenario scenario) {
        new LinkSimulation(1, scenario, false).run();
    }

    @Property(tries = 50)
    void version1WithASmallReceiveBufferPausesAndStillDeliversEverything(@ForAll("version1SmallBuffer") Scenario scenario) {
        new LinkSimulation(1, scenario, true).run();
    }

    @Property(tries = 80)
    void version2SlowReadersNeverLetInflightExceedTheWindowAndLoseNothing(@ForAll("version2") Scenario scenario) {
        new LinkSimulation(2, scenario, true).run();
    }

    @Provide
    Arbitrary<Scenario> version1() {
        return scenarios(Arbitraries.just(SmuxConfig.DEFAULT_MAX_RECEIVE_BUFFER), Arbitraries.just(SmuxConfig.DEFAULT_MAX_STREAM_BUFFER));
    }

    @Provide
    Arbitrary<Scenario> version1SmallBuffer() {
        // maxStreamBuffer must not exceed maxReceiveBuffer; it plays no part in version 1.
        return scenarios(Arbitraries.integers().between(1, 65536), Arbitraries.just(1));
    }

    @Provide
    Arbitrary<Scenario> version2() {
        return scenarios(Arbitraries.just(SmuxConfig.DEFAULT_MAX_RECEIVE_BUFFER),
                Arbitraries.oneOf(Arbitraries.just(SmuxConfig.DEFAULT_MAX_STREAM_BUFFER), Arbitraries.integers().between(64, 65536)));
    }

    private static Arbitrary<Scenario> scenarios(Arbitrary<Integer> receiveBuffers, Arbitrary<Integer> streamBuffers) {
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(60, Arbitraries.integers().between(1, 8000)),
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(8000, 120_000)));
        Arbitrary<StreamPlan> plans = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), sizes, sizes)
                .as(StreamPlan::new);
        // Uniform sizes: the default distribution favours short lists, and many concurrent streams matter most.
        Arbitrary<List<StreamPlan>> streams = plans.list().ofMinSize(1).ofMaxSize(50)
                .withSizeDistribution(RandomDistribution.uniform());
        Arbitrary<Integer> chunks = Arbitraries.oneOf(Arbitraries.integers().between(8, 64),
                Arbitraries.integers().between(64, 4096), Arbitraries.integers().between(4096, 100_000));
        Arbitrary<Integer> transportLimits = Arbitraries.oneOf(Arbitraries.integers().between(1, 4096),
                Arbitraries.integers().between(4096, 300_000));
        Arbitrary<Integer> frameSizes = Arbitraries.oneOf(Arbitraries.just(SmuxConfig.DEFAULT_MAX_FRAME_SIZE),
                Arbitraries.integers().between(16, 65535));
        return Combinators.combine(streams, chunks, transportLimits, frameSizes, receiveBuffers, streamBuffers,
                        Arbitraries.longs())
                .as((s, chunk, limit, frame, receive, stream, seed) ->
                        new Scenario(s, chunk, limit, frame, receive, Math.min(stream, receive), seed))
                .filter(scenario -> scenario.totalBytes() <= MAX_TOTAL_BYTES);
    }
}
