package dev.warden.protocol.channel;

import dev.warden.protocol.testing.SimulatedLink;
import dev.warden.protocol.testing.SimulatedLinks;
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
        Arbitrary<SimulatedLink.Settings> links = SimulatedLinks.settings(
                new SimulatedLinks.Hostility(35, 20, 5, 400, 4, 5_000),
                Arbitraries.integers().between(1, 64),
                Arbitraries.integers().between(1, 65_536),
                Arbitraries.integers().between(1, 64));
        return Builders.withBuilder(SettingsBuilder::new)
                .use(links).inSetter((b, v) -> b.link = v)
                .use(Arbitraries.integers().between(0, 3)).inSetter((b, v) -> b.pauses = v)
                .use(Arbitraries.integers().between(0, 5)).inSetter((b, v) -> b.congestions = v)
                .use(Arbitraries.integers().between(0, 30_000)).inSetter((b, v) -> b.clientBytes = v)
                .use(Arbitraries.integers().between(0, 30_000)).inSetter((b, v) -> b.agentBytes = v)
                .use(Arbitraries.integers().between(16, 2_048)).inSetter((b, v) -> b.maxChunk = v)
                .use(Arbitraries.integers().between(0, 40)).inSetter((b, v) -> b.notReadyPercent = v)
                .use(Arbitraries.of(true, false, false, false)).inSetter((b, v) -> b.paced = v)
                .build(SettingsBuilder::build);
    }

    /** Mutable collector for the builder above; jqwik shrinks each field on its own. */
    static final class SettingsBuilder {
        SimulatedLink.Settings link;
        int pauses;
        int congestions;
        int clientBytes;
        int agentBytes;
        int maxChunk;
        int notReadyPercent;
        boolean paced;

        DuplexSimulation.Settings build() {
            return new DuplexSimulation.Settings(link, pauses, congestions, clientBytes, agentBytes, maxChunk,
                    notReadyPercent, paced);
        }
    }
}
