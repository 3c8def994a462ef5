package dev.warden.protocol.channel;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Two engines, a client and an agent, stream to each other at the same time over a link that loses, duplicates,
 * corrupts, delays and reorders frames and is cut and resumed at random points, while the service pauses either
 * end and the listeners are randomly not ready. Every byte must arrive exactly once and in order in both
 * directions, every message must end up acknowledged, and neither engine may ever hold more than its bounds.
 * Simulated time only (see {@link DuplexSimulation}).
 */
class ReliableChannelProperties {

    // Random settings only: with 17 parameters, jqwik's edge-case combinations would crowd out the random runs.
    @Property(tries = 4000, edgeCases = EdgeCasesMode.NONE)
    void everyByteArrivesExactlyOnceAndInOrderInBothDirections(
            @ForAll("hostileSettings") DuplexSimulation.Settings settings) {
        DuplexSimulation simulation = new DuplexSimulation(settings);

        simulation.run();

        Statistics.label("connection cuts during the transfer").collect(simulation.cutsHappened());
        Statistics.label("simulated seconds").collect(bucket(simulation.simulatedMillis() / 1000));
    }

    private static String bucket(long seconds) {
        return seconds < 10 ? "< 10" : seconds < 60 ? "10 - 60" : seconds < 300 ? "60 - 300" : ">= 300";
    }

    @Provide
    Arbitrary<DuplexSimulation.Settings> hostileSettings() {
        return Builders.withBuilder(SettingsBuilder::new)
                .use(Arbitraries.longs()).inSetter((b, v) -> b.seed = v)
                .use(Arbitraries.integers().between(0, 35)).inSetter((b, v) -> b.lossPercent = v)
                .use(Arbitraries.integers().between(0, 20)).inSetter((b, v) -> b.duplicatePercent = v)
                .use(Arbitraries.integers().between(0, 5)).inSetter((b, v) -> b.corruptPercent = v)
                .use(Arbitraries.integers().between(0, 400)).inSetter((b, v) -> b.maxDelayMillis = v)
                .use(Arbitraries.integers().between(0, 4)).inSetter((b, v) -> b.cuts = v)
                .use(Arbitraries.integers().between(0, 5_000)).inSetter((b, v) -> b.maxOutageMillis = v)
                .use(Arbitraries.integers().between(0, 3)).inSetter((b, v) -> b.pauses = v)
                .use(Arbitraries.integers().between(0, 5)).inSetter((b, v) -> b.congestions = v)
                .use(Arbitraries.integers().between(0, 30_000)).inSetter((b, v) -> b.clientBytes = v)
                .use(Arbitraries.integers().between(0, 30_000)).inSetter((b, v) -> b.agentBytes = v)
                .use(Arbitraries.integers().between(16, 2_048)).inSetter((b, v) -> b.maxChunk = v)
                .use(Arbitraries.integers().between(0, 40)).inSetter((b, v) -> b.notReadyPercent = v)
                .use(Arbitraries.integers().between(1, 64)).inSetter((b, v) -> b.windowMessages = v)
                .use(Arbitraries.integers().between(1, 65_536)).inSetter((b, v) -> b.windowBytes = v)
                .use(Arbitraries.integers().between(1, 64)).inSetter((b, v) -> b.reorderMessages = v)
                .use(Arbitraries.of(true, false, false, false)).inSetter((b, v) -> b.paced = v)
                .build(SettingsBuilder::build);
    }

    /** Mutable collector for the builder above; jqwik shrinks each field on its own. */
    static final class SettingsBuilder {
        long seed;
        int lossPercent;
        int duplicatePercent;
        int corruptPercent;
        int maxDelayMillis;
        int cuts;
        int maxOutageMillis;
        int pauses;
        int congestions;
        int clientBytes;
        int agentBytes;
        int maxChunk;
        int notReadyPercent;
        int windowMessages;
        int windowBytes;
        int reorderMessages;
        boolean paced;

        DuplexSimulation.Settings build() {
            return new DuplexSimulation.Settings(seed, lossPercent, duplicatePercent, corruptPercent, maxDelayMillis,
                    cuts, maxOutageMillis, pauses, congestions, clientBytes, agentBytes, maxChunk, notReadyPercent,
                    windowMessages, windowBytes, reorderMessages, paced);
        }
    }
}
