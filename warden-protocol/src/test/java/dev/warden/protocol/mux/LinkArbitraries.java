package dev.warden.protocol.mux;

import dev.warden.protocol.testing.SimulatedLink;
import dev.warden.protocol.testing.SimulatedLinks;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** The hostile links the properties of this package run their streams over. */
final class LinkArbitraries {

    private LinkArbitraries() {
    }

    /**
     * Links that lose up to 30 % and duplicate up to 20 % of frames, corrupt a few, delay each by up to 300 ms
     * (reordering them), are cut up to three times with outages of up to 3 s, and engines whose windows and
     * reorder buffers range from one message (every message waits for the previous acknowledgement; every message
     * out of order is dropped) to generous.
     */
    static Arbitrary<SimulatedLink.Settings> hostileLinks() {
        return SimulatedLinks.settings(new SimulatedLinks.Hostility(30, 20, 3, 300, 3, 3_000),
                Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.integers().between(1, 8)),
                        Tuple.of(3, Arbitraries.integers().between(8, 256))),
                Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.integers().between(1, 8_192)),
                        Tuple.of(3, Arbitraries.integers().between(8_192, 1 << 20))),
                Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.integers().between(1, 4)),
                        Tuple.of(3, Arbitraries.integers().between(4, 512))));
    }
}
