package dev.warden.protocol.mux;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Tuple;

/** Generators shared by the properties of this package. */
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
        return Builders.withBuilder(LinkBuilder::new)
                .use(Arbitraries.longs()).inSetter((b, v) -> b.seed = v)
                .use(Arbitraries.integers().between(0, 30)).inSetter((b, v) -> b.lossPercent = v)
                .use(Arbitraries.integers().between(0, 20)).inSetter((b, v) -> b.duplicatePercent = v)
                .use(Arbitraries.integers().between(0, 3)).inSetter((b, v) -> b.corruptPercent = v)
                .use(Arbitraries.integers().between(0, 300)).inSetter((b, v) -> b.maxDelayMillis = v)
                .use(Arbitraries.integers().between(0, 3)).inSetter((b, v) -> b.cuts = v)
                .use(Arbitraries.integers().between(0, 3_000)).inSetter((b, v) -> b.maxOutageMillis = v)
                .use(Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.integers().between(1, 8)),
                        Tuple.of(3, Arbitraries.integers().between(8, 256)))).inSetter((b, v) -> b.windowMessages = v)
                .use(Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.integers().between(1, 8_192)),
                        Tuple.of(3, Arbitraries.integers().between(8_192, 1 << 20)))).inSetter((b, v) -> b.windowBytes = v)
                .use(Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.integers().between(1, 4)),
                        Tuple.of(3, Arbitraries.integers().between(4, 512)))).inSetter((b, v) -> b.reorderMessages = v)
                .build(LinkBuilder::build);
    }

    /** Mutable collector for the builder above; jqwik shrinks each field on its own. */
    static final class LinkBuilder {
        long seed;
        int lossPercent;
        int duplicatePercent;
        int corruptPercent;
        int maxDelayMillis;
        int cuts;
        int maxOutageMillis;
        int windowMessages;
        int windowBytes;
        int reorderMessages;

        SimulatedLink.Settings build() {
            return new SimulatedLink.Settings(seed, lossPercent, duplicatePercent, corruptPercent, maxDelayMillis, cuts,
                    maxOutageMillis, windowMessages, windowBytes, reorderMessages);
        }
    }
}
