package dev.warden.protocol.mux;

import dev.warden.protocol.DecodeError;
import dev.warden.protocol.channel.ChannelConfig;
import dev.warden.protocol.channel.ChannelListener;
import dev.warden.protocol.channel.ChannelRole;
import dev.warden.protocol.channel.ChannelStats;
import dev.warden.protocol.channel.FrameTransport;
import dev.warden.protocol.channel.ReliableChannel;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.PayloadType;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A client engine and an agent engine ({@link ReliableChannel}, roles CLIENT and AGENT) joined by a hostile link, in
 * simulated time: frames are lost, duplicated, corrupted and delayed (and so reordered), and the connection is cut
 * at random points and resumed after a random outage (both engines detach, then attach a new transport each). One
 * event queue and one clock drive everything, including the shared "event loop" ({@link #eventLoop()}) whose tasks
 * run as events of their own, later, at the current time. A step is the earliest engine deadline (the owner's single
 * timer) or the earliest event. Nothing sleeps; a run is reproduced exactly by its settings.
 *
 * <p>What travels on the link is for the test to decide: each {@link Side} hands Output payloads to a function the
 * test sets and reports the engine's writability to it; any other payload type or service message fails the run.
 */
final class SimulatedLink {

    /** The link's hostility and the engines' bounds. */
    record Settings(
            long seed,
            int lossPercent,
            int duplicatePercent,
            int corruptPercent,
            int maxDelayMillis,
            int cuts,
            int maxOutageMillis,
            int windowMessages,
            int windowBytes,
            int reorderMessages) {
    }

    static final long MS = 1_000_000L;
    /** The maximum RTO (1 s), two link delays of 300 ms, and some. */
    static final long PAUSE_RECOVERY = 2_000 * MS;

    private final Settings settings;
    final Random random;
    private final long start;
    private long elapsed;
    private final PriorityQueue<Event> events = new PriorityQueue<>(
            Comparator.comparingLong(Event::at).thenComparingLong(Event::order));
    private long eventOrder;
    private int generation;
    private long framesOnLink;
    private final Map<Long, Runnable> disturbances = new HashMap<>();
    private int cutsHappened;
    private long framesCorrupted;
    private long steps;
    private final Executor eventLoop = task -> after(0, task);

    final Side client;
    final Side agent;

    private record Event(long at, long order, Runnable action) {
    }

    /**
     * @param expectedFrames about how many frames the transfer puts on the link without loss; cuts strike at a
     *                       random frame count up to this, so that they hit transfers in the middle
     */
    SimulatedLink(Settings settings, int maxPayloadSize, long expectedFrames) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        // Some runs start right before the ticker wraps around.
        this.start = random.nextBoolean() ? random.nextLong() : Long.MAX_VALUE - random.nextInt(20_000) * MS;
        this.client = new Side(ChannelRole.CLIENT, maxPayloadSize);
        this.agent = new Side(ChannelRole.AGENT, maxPayloadSize);
        for (int i = 0; i < settings.cuts(); i++) {
            long frames = 1 + (long) (random.nextDouble() * Math.max(2, expectedFrames));
            while (disturbances.containsKey(frames)) {
                frames++;
            }
            disturbances.put(frames, this::cut);
        }
    }

    /** Runs tasks later, on the simulation's single thread: the Netty event loop of both ends. */
    Executor eventLoop() {
        return eventLoop;
    }

    /** The clock both engines read, as a ticker reading. */
    long nowNanos() {
        return start + elapsed;
    }

    long elapsedMillis() {
        return elapsed / MS;
    }

    int cutsHappened() {
        return cutsHappened;
    }

    long steps() {
        return steps;
    }

    void after(long delayNanos, Runnable action) {
        events.add(new Event(elapsed + delayNanos, eventOrder++, action));
    }

    /**
     * The simulated time the transfer so far may have taken: ten minutes for setup and outages, plus five seconds
     * per round of messages sent (first transmissions, both directions), plus {@code consumerDelays}: the time the
     * test's consumers chose not to read, and per such pause {@link #PAUSE_RECOVERY} (the message refused with
     * NOT_READY comes back only with the peer's retransmission). A round is what one retransmission timeout can move: half the window
     * (the window reopens at half), and, once frames are lost, no more than the expected message plus what the
     * receiver's reorder buffer holds (the rest of the window is dropped and sent again). Five seconds cover more
     * than two attempts per message, as at 30 % loss each way, each waiting at most the maximum RTO of 1 s plus two
     * link delays of 300 ms. Every message carries at least one byte, so this is bounded by the size of the
     * transfer.
     */
    long timeLimitNanos(int maxPayloadSize, long consumerDelays) {
        long frameWindow = settings.windowBytes() / (FrameCodec.FIXED_LENGTH + maxPayloadSize);
        long round = Math.max(1, Math.min(Math.min(settings.windowMessages(), frameWindow) / 2,
                settings.reorderMessages() + 1L));
        long messages = client.channel.stats().messagesSent() + agent.channel.stats().messagesSent();
        return Duration.ofMinutes(10).toNanos() + Duration.ofSeconds(5).toNanos() * ((messages + round - 1) / round)
                + consumerDelays;
    }

    /**
     * Attaches both engines and runs until {@code done}, calling {@code checks} after every step. Fails when
     * {@code progress} does not grow for {@code stallLimit}, when the run takes longer than {@code timeLimit}
     * (see {@link #timeLimitNanos}), or when nothing at all is scheduled.
     */
    void run(BooleanSupplier done, LongSupplier progress, Runnable checks, Duration stallLimit, LongSupplier timeLimit,
             Supplier<String> state) {
        client.attach();
        agent.attach();
        long lastProgress = progress.getAsLong();
        long lastProgressAt = 0;
        while (!done.getAsBoolean()) {
            steps++;
            long p = progress.getAsLong();
            if (p != lastProgress) {
                lastProgress = p;
                lastProgressAt = elapsed;
            }
            long next = Long.MAX_VALUE;
            Side timerOwner = null;
            for (Side side : new Side[]{client, agent}) {
                OptionalLong deadline = side.channel.nextDeadlineNanos();
                if (deadline.isPresent()) {
                    long offset = Math.max(elapsed, deadline.getAsLong() - start);
                    if (offset < next) {
                        next = offset;
                        timerOwner = side;
                    }
                }
            }
            Event event = events.peek();
            if (event != null && event.at() < next) {
                next = event.at();
                timerOwner = null;
            }
            if (next == Long.MAX_VALUE) {
                throw failure("stuck: nothing scheduled and no deadline", state);
            }
            if (next - lastProgressAt > stallLimit.toNanos()) {
                throw failure("no progress for " + stallLimit, state);
            }
            if (next > timeLimit.getAsLong()) {
                throw failure("not finished within " + Duration.ofNanos(timeLimit.getAsLong()) + " of simulated time",
                        state);
            }
            elapsed = next;
            if (timerOwner != null) {
                timerOwner.channel.onTimer();
            } else {
                events.poll().action().run();
            }
            checks.run();
        }
    }

    AssertionError failure(String what, Supplier<String> state) {
        return new AssertionError(what + " at " + elapsedMillis() + " ms after " + steps + " steps; " + settings
                + "\n client " + client.channel.stats() + "\n agent " + agent.channel.stats() + "\n" + state.get());
    }

    private boolean percent(int chance) {
        return chance > 0 && random.nextInt(100) < chance;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The link

    private void transmit(Side from, int onGeneration, byte[] frame) {
        if (onGeneration != generation) {
            return; // written to a connection that is already dead
        }
        Runnable disturbance = disturbances.remove(++framesOnLink);
        if (disturbance != null) {
            after(0, disturbance);
        }
        Side to = from == client ? agent : client;
        if (percent(settings.lossPercent())) {
            return;
        }
        int copies = percent(settings.duplicatePercent()) ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            byte[] copy = percent(settings.corruptPercent()) ? corrupt(frame) : frame;
            after(random.nextInt(settings.maxDelayMillis() + 1) * MS + random.nextInt(1000),
                    () -> deliver(to, onGeneration, copy));
        }
    }

    /** Flips a byte of the digest or the payload, which the frame's digest check must catch. */
    private byte[] corrupt(byte[] frame) {
        byte[] copy = frame.clone();
        int digestStart = FrameCodec.HEADER_LENGTH - 36;
        int span = FrameCodec.DIGEST_LENGTH + (copy.length - FrameCodec.FIXED_LENGTH);
        int at = digestStart + random.nextInt(span);
        if (at >= digestStart + FrameCodec.DIGEST_LENGTH) {
            at += FrameCodec.FIXED_LENGTH - (digestStart + FrameCodec.DIGEST_LENGTH);
        }
        copy[at] ^= (byte) (1 + random.nextInt(255));
        framesCorrupted++;
        return copy;
    }

    private void deliver(Side to, int onGeneration, byte[] frame) {
        if (onGeneration != generation || to.transport == null || to.transport.generation != onGeneration) {
            return; // the connection it travelled on is gone, or this end has not reconnected yet
        }
        to.channel.onFrame(frame);
    }

    /** The connection breaks: both ends detach; each reconnects after its own outage. */
    private void cut() {
        cutsHappened++;
        generation++;
        int resumedGeneration = generation;
        for (Side side : new Side[]{client, agent}) {
            side.transport = null;
            side.channel.detach();
            after(random.nextInt(settings.maxOutageMillis() + 1) * MS, () -> {
                if (generation == resumedGeneration) {
                    side.attach();
                }
            });
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // One end

    /** One end: its engine, its current connection, and the owner's listener, which routes Output to the test. */
    final class Side implements ChannelListener {
        final ChannelRole role;
        final ReliableChannel channel;
        private final long largestFrame;
        LinkTransport transport;
        Function<byte[], Delivery> onOutput;
        Runnable onWritable = () -> { };
        private long invalidFrames;

        Side(ChannelRole role, int maxPayloadSize) {
            this.role = role;
            this.largestFrame = FrameCodec.FIXED_LENGTH + maxPayloadSize;
            this.channel = new ReliableChannel(role, ChannelConfig.builder()
                    .ticker(SimulatedLink.this::nowNanos)
                    .wallClockMillis(() -> 1_700_000_000_000L + elapsed / MS)
                    .messageIds(() -> new UUID(random.nextLong(), random.nextLong()))
                    .maxUnacknowledgedMessages(settings.windowMessages())
                    .maxUnacknowledgedBytes(settings.windowBytes())
                    .reorderBufferMessages(settings.reorderMessages())
                    .build(), this);
        }

        void attach() {
            transport = new LinkTransport(this, generation);
            channel.attach(transport);
        }

        @Override
        public Delivery onStreamMessage(ClientMessage message) {
            if (message.payloadType() != PayloadType.OUTPUT.code()) {
                throw new AssertionError(role + " received payload type " + message.payloadType());
            }
            return onOutput.apply(message.payload());
        }

        @Override
        public void onWritable() {
            onWritable.run();
        }

        @Override
        public void onServiceMessage(ClientMessage message) {
            throw new AssertionError(role + " received a service message " + message);
        }

        @Override
        public void onInvalidFrame(DecodeError error) {
            invalidFrames++;
            if (invalidFrames > framesCorrupted) {
                throw new AssertionError(role + ": an intact frame was reported invalid: " + error);
            }
        }

        @Override
        public void onGiveUp(long sequenceNumber, Duration unacknowledgedFor) {
            throw new AssertionError(role + " gave up although give-up is off");
        }

        /** The engine's memory bounds: window and reorder buffer within their configured limits. */
        void checkEngineBounds() {
            ChannelStats stats = channel.stats();
            if (stats.unacknowledgedMessages() > settings.windowMessages()
                    || stats.unacknowledgedBytes() >= settings.windowBytes() + largestFrame
                    || stats.reorderBuffered() > settings.reorderMessages()) {
                throw new AssertionError(role + " engine exceeded its bounds: " + stats);
            }
        }
    }

    /** One connection of one end; frames written to it travel only while its generation is current. */
    final class LinkTransport implements FrameTransport {
        private final Side from;
        final int generation;

        LinkTransport(Side from, int generation) {
            this.from = from;
            this.generation = generation;
        }

        @Override
        public void write(byte[] frame) {
            transmit(from, generation, frame);
        }
    }
}
