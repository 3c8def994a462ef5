package dev.warden.protocol.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;

/** Generates {@link SimulatedLink.Settings}: how hostile the link is, and how large the engines' bounds are. */
public final class SimulatedLinks {

    /**
     * The upper ends of the link's hostility; each setting ranges from zero up to its bound.
     *
     * @param maxLossPercent      chance of losing a frame
     * @param maxDuplicatePercent chance of delivering a frame twice
     * @param maxCorruptPercent   chance of flipping a byte of a frame's digest or payload
     * @param maxDelayMillis      largest delay of a frame (delays reorder frames)
     * @param maxCuts             how many times the connection is cut
     * @param maxOutageMillis     largest time an end stays disconnected after a cut
     */
    public record Hostility(int maxLossPercent, int maxDuplicatePercent, int maxCorruptPercent, int maxDelayMillis,
                            int maxCuts, int maxOutageMillis) {
    }

    private SimulatedLinks() {
    }

    /** Links as hostile as {@code hostility} allows, with engine windows and reorder buffers drawn from the rest. */
    public static Arbitrary<SimulatedLink.Settings> settings(Hostility hostility, Arbitrary<Integer> windowMessages,
                                                             Arbitrary<Integer> windowBytes,
                                                             Arbitrary<Integer> reorderMessages) {
        return Builders.withBuilder(SettingsBuilder::new)
                .use(Arbitraries.longs()).inSetter((b, v) -> b.seed = v)
                .use(upTo(hostility.maxLossPercent())).inSetter((b, v) -> b.lossPercent = v)
                .use(upTo(hostility.maxDuplicatePercent())).inSetter((b, v) -> b.duplicatePercent = v)
                .use(upTo(hostility.maxCorruptPercent())).inSetter((b, v) -> b.corruptPercent = v)
                .use(upTo(hostility.maxDelayMillis())).inSetter((b, v) -> b.maxDelayMillis = v)
                .use(upTo(hostility.maxCuts())).inSetter((b, v) -> b.cuts = v)
                .use(upTo(hostility.maxOutageMillis())).inSetter((b, v) -> b.maxOutageMillis = v)
                .use(windowMessages).inSetter((b, v) -> b.windowMessages = v)
                .use(windowBytes).inSetter((b, v) -> b.windowBytes = v)
                .use(reorderMessages).inSetter((b, v) -> b.reorderMessages = v)
                .build(SettingsBuilder::build);
    }

    private static Arbitrary<Integer> upTo(int max) {
        return Arbitraries.integers().between(0, max);
    }

    /** Mutable collector for the builder above; jqwik shrinks each field on its own. */
    private static final class SettingsBuilder {
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
