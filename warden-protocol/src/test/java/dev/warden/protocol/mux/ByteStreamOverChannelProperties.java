package dev.warden.protocol.mux;

import dev.warden.protocol.mux.ByteStreamSimulation.Scenario;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * A plain byte stream each way over two reliable channels (CLIENT and AGENT) through {@link ByteStreamOverChannel},
 * over a hostile link, with receivers that pause at random: every byte arrives exactly once and in order, no
 * payload reaches a paused receiver, memory stays bounded and the run completes; see {@link ByteStreamSimulation}.
 */
class ByteStreamOverChannelProperties {

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void everyByteArrivesExactlyOnceAndInOrderInBothDirections(@ForAll("scenarios") Scenario scenario) {
        ByteStreamSimulation simulation = new ByteStreamSimulation(scenario);

        simulation.run();

        Statistics.label("NOT_READY answered").collect(simulation.notReadyAnswers() > 0);
        Statistics.label("connection cuts").collect(simulation.link().cutsHappened());
        Statistics.label("NOT_READY answered").coverage(coverage -> coverage.check(true).percentage(p -> p >= 40));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Integer> payloadSizes = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(OutputLimits.DEFAULT_MAX_PAYLOAD_SIZE)),
                Tuple.of(1, Arbitraries.integers().between(1, 64)),
                Tuple.of(2, Arbitraries.integers().between(64, 8192)),
                Tuple.of(1, Arbitraries.integers().between(8192, 128 * 1024)));
        Arbitrary<Integer> bytes = Arbitraries.integers().between(0, 512 * 1024);
        return Combinators.combine(LinkArbitraries.hostileLinks(), bytes, bytes, payloadSizes,
                        Arbitraries.integers().between(1, 64), Arbitraries.integers().between(1, 20_000),
                        Arbitraries.integers().between(0, 30))
                .as((link, clientBytes, agentBytes, payload, pendingFactor, maxWrite, pausePercent) -> new Scenario(
                        link,
                        // Tiny payloads carry proportionally fewer bytes, to keep the number of messages in check.
                        Math.min(clientBytes, payload * 400), Math.min(agentBytes, payload * 400),
                        payload, payload * pendingFactor, maxWrite, pausePercent));
    }
}
