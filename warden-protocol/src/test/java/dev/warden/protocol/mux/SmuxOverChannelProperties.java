package dev.warden.protocol.mux;

import dev.warden.protocol.mux.MuxSimulation.Scenario;
import dev.warden.protocol.mux.MuxSimulation.StreamPlan;
import dev.warden.protocol.smux.SmuxConfig;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.List;

/**
 * An smux client and an smux server, each over its own reliable channel (CLIENT and AGENT) through
 * {@link SmuxOverChannel}, over a link that loses, duplicates, corrupts, delays, reorders and is cut and resumed,
 * with 1 to 50 concurrent streams in both directions (up to 1 MiB in all) and slow consumers that stop reading.
 * Every byte of every stream arrives exactly once and in order, FIN after all data, no session closes, memory stays
 * within its bounds and the run completes within a bounded simulated time; see {@link MuxSimulation}.
 */
class SmuxOverChannelProperties {

    private static final long MAX_TOTAL_BYTES = 1L << 20;

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void version1DeliversEveryByteOfEveryStreamOnceAndInOrder(@ForAll("version1") Scenario scenario) {
        check(scenario);
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void version2DeliversEveryByteOfEveryStreamOnceAndInOrder(@ForAll("version2") Scenario scenario) {
        check(scenario);
    }

    private static void check(Scenario scenario) {
        MuxSimulation simulation = new MuxSimulation(scenario);

        simulation.run();

        boolean smallBuffer = scenario.maxReceiveBuffer() < SmuxConfig.DEFAULT_MAX_RECEIVE_BUFFER;
        Statistics.label("NOT_READY with a small receive buffer").collect(smallBuffer && simulation.notReadyAnswers() > 0);
        Statistics.label("connection cuts").collect(simulation.link().cutsHappened());
        Statistics.label("simulated seconds").collect(bucket(simulation.link().elapsedMillis() / 1000));
        Statistics.label("streams").collect(scenario.streams().size() <= 10 ? "1-10" : "11-50");
        Statistics.label("NOT_READY with a small receive buffer").coverage(coverage ->
                coverage.check(true).percentage(p -> p >= 25));
    }

    private static String bucket(long seconds) {
        return seconds < 10 ? "< 10" : seconds < 60 ? "10 - 60" : seconds < 300 ? "60 - 300" : ">= 300";
    }

    @Provide
    Arbitrary<Scenario> version1() {
        // maxStreamBuffer plays no part in version 1; it must not exceed maxReceiveBuffer.
        return scenarios(1, receiveBuffers(), Arbitraries.just(1024));
    }

    @Provide
    Arbitrary<Scenario> version2() {
        return scenarios(2, receiveBuffers(), Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(SmuxConfig.DEFAULT_MAX_STREAM_BUFFER)),
                Tuple.of(2, Arbitraries.integers().between(1024, 65536))));
    }

    /** Mostly small, so that slow consumers fill it and the bridge must answer NOT_READY; sometimes smux's default. */
    private static Arbitrary<Integer> receiveBuffers() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(SmuxConfig.DEFAULT_MAX_RECEIVE_BUFFER)),
                Tuple.of(3, Arbitraries.integers().between(1024, 256 * 1024)));
    }

    private static Arbitrary<Scenario> scenarios(int version, Arbitrary<Integer> receiveBuffers,
                                                 Arbitrary<Integer> streamBuffers) {
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(0)),
                Tuple.of(60, Arbitraries.integers().between(1, 8000)),
                Tuple.of(25, Arbitraries.integers().between(8000, 60_000)),
                Tuple.of(5, Arbitraries.integers().between(60_000, 200_000)));
        Arbitrary<Boolean> slow = Arbitraries.of(true, false, false);
        Arbitrary<StreamPlan> plans = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                sizes, sizes, slow, slow).as(StreamPlan::new);
        // Uniform list sizes: many concurrent streams matter most, and the default favours short lists.
        Arbitrary<List<StreamPlan>> streams = plans.list().ofMinSize(1).ofMaxSize(50)
                .withSizeDistribution(RandomDistribution.uniform());
        Arbitrary<Integer> payloadSizes = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(OutputLimits.DEFAULT_MAX_PAYLOAD_SIZE)),
                Tuple.of(2, Arbitraries.integers().between(256, 4096)),
                Tuple.of(1, Arbitraries.integers().between(4096, 65536)));
        Arbitrary<Integer> pendingFactors = Arbitraries.integers().between(1, 64);
        Arbitrary<Integer> frameSizes = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(SmuxConfig.DEFAULT_MAX_FRAME_SIZE)),
                Tuple.of(1, Arbitraries.integers().between(16, 65535)));
        return Combinators.combine(LinkArbitraries.hostileLinks(), streams, payloadSizes, pendingFactors, frameSizes,
                        receiveBuffers, streamBuffers)
                .as((link, s, payload, factor, frame, receive, stream) -> new Scenario(link, version, s, payload,
                        Math.min(payload * factor, Math.max(payload, 256 * 1024)), frame, receive,
                        Math.min(stream, receive)))
                .filter(scenario -> scenario.totalBytes() <= MAX_TOTAL_BYTES);
    }
}
