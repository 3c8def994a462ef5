package dev.warden.protocol.testing;

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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A client engine and an agent engine ({@link ReliableChannel}, roles CLIENT and AGENT) joined by a hostile link, in
 * simulated time: frames are lost, duplicated, corrupted and delayed (and so reordered), a transport can become
 * congested for a while, and the connection is cut at random points and resumed after a random outage (both engines
 * detach, then attach a new transport each). One event queue and one clock drive everything, including the shared
 * "event loop" ({@link #eventLoop()}) whose tasks run as events of their own, later, at the current time. A step is
 * the earliest engine deadline (the owner's single timer) or the earliest event. Nothing sleeps; all randomness comes
 * from the settings' seed, so a run is reproduced exactly by its settings.
 *
 * <p>What travels on the link is for the test to decide: each {@link Side} hands the Output messages it receives to
 * a function the test sets and reports the engine's writability to it. Any other payload type, a message of the
 * wrong direction, a service message, an intact frame reported invalid or a give-up fails the run.
 */
public final class SimulatedLink {

    /** The link's hostility and the engines' bounds. */
    public record Settings(
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

    public static final long MS = 1_000_000L;
    /** The maximum RTO (1 s), two link delays of 300 ms, and some. */
    public static final long PAUSE_RECOVERY = 2_000 * MS;

    private final Settings settings;
    private final Random random;
    private final long start;
    private long elapsed;
    private final PriorityQueue<Event> events = new PriorityQueue<>(
            Comparator.comparingLong(Event::at).thenComparingLong(Event::order));
    private long eventOrder;
    private int generation;
    private long framesOnLink;
    /** Frame counts at which a disturbance strikes; see {@link #disturbAtRandomFrame}. */
    private final Map<Long, Runnable> disturbances = new HashMap<>();
    private final long expectedFrames;
    private int cutsHappened;
    private long framesCorrupted;
    private long steps;
    private Supplier<String> runState = () -> "";
    private final Executor eventLoop = task -> after(0, task);

    private final Side client;
    private final Side agent;

    private record Event(long at, long order, Runnable action) {
    }

    /**
     * @param largestPayload the largest payload the test sends; frames up to this size may overshoot the byte window
     * @param expectedFrames about how many frames the transfer puts on the link without loss; disturbances strike at
     *                       a random frame count up to this, so that they hit transfers in the middle
     * @param engineTuning   further engine settings (such as pacing) on top of the settings' windows
     */
    public SimulatedLink(Settings settings, int largestPayload, long expectedFrames,
                         Consumer<ChannelConfig.Builder> engineTuning) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.expectedFrames = expectedFrames;
        // Some runs start right before the ticker wraps around.
        this.start = random.nextBoolean() ? random.nextLong() : Long.MAX_VALUE - random.nextInt(20_000) * MS;
        this.client = new Side(ChannelRole.CLIENT, largestPayload, engineTuning);
        this.agent = new Side(ChannelRole.AGENT, largestPayload, engineTuning);
        for (int i = 0; i < settings.cuts(); i++) {
            disturbAtRandomFrame(this::cut);
        }
    }

    public SimulatedLink(Settings settings, int largestPayload, long expectedFrames) {
        this(settings, largestPayload, expectedFrames, config -> { });
    }

    public Side client() {
        return client;
    }

    public Side agent() {
        return agent;
    }

    /** The one source of randomness of the run: tests draw from it too, so that the seed reproduces everything. */
    public Random random() {
        return random;
    }

    /** Runs tasks later, on the simulation's single thread: the Netty event loop of both ends. */
    public Executor eventLoop() {
        return eventLoop;
    }

    /** The clock both engines read, as a ticker reading. */
    public long nowNanos() {
        return start + elapsed;
    }

    public long elapsedMillis() {
        return elapsed / MS;
    }

    public int cutsHappened() {
        return cutsHappened;
    }

    public void after(long delayNanos, Runnable action) {
        events.add(new Event(elapsed + delayNanos, eventOrder++, action));
    }

    /**
     * Runs {@code disturbance} when the link has carried a random number of frames, up to the expected number, so
     * that it hits a transfer in the middle rather than after it finished. No two disturbances share a frame.
     */
    public void disturbAtRandomFrame(Runnable disturbance) {
        long frames = 1 + (long) (random.nextDouble() * Math.max(2, expectedFrames));
        while (disturbances.containsKey(frames)) {
            frames++;
        }
        disturbances.put(frames, disturbance);
    }

    /**
     * The simulated time the transfer so far may have taken: ten minutes for setup and outages, plus five seconds
     * per round of messages sent (first transmissions, both directions), plus {@code consumerDelays}: the time the
     * test's consumers chose not to read, and per such pause {@link #PAUSE_RECOVERY} (the message refused with
     * NOT_READY comes back only with the peer's retransmission). A round is what one retransmission timeout can move:
     * half the window (the window reopens at half), and, once frames are lost, no more than the expected message plus
     * what the receiver's reorder buffer holds (the rest of the window is dropped and sent again). Five seconds cover
     * more than two attempts per message, as at 30 % loss each way, each waiting at most the maximum RTO of 1 s plus
     * two link delays of 300 ms. Every message carries at least one byte, so this is bounded by the size of the
     * transfer.
     */
    public long timeLimitNanos(int maxPayloadSize, long consumerDelays) {
        long frameWindow = settings.windowBytes() / (FrameCodec.FIXED_LENGTH + maxPayloadSize);
        long round = Math.max(1, Math.min(Math.min(settings.windowMessages(), frameWindow) / 2,
                settings.reorderMessages() + 1L));
        long messages = client.channel.stats().messagesSent() + agent.channel.stats().messagesSent();
        return Duration.ofMinutes(10).toNanos() + Duration.ofSeconds(5).toNanos() * ((messages + round - 1) / round)
                + consumerDelays;
    }

    /**
     * Attaches both engines and runs until {@code done}, checking both engines' bounds and then {@code checks} after
     * every step. Fails when {@code progress} does not grow for {@code stallLimit}, when the run takes longer than
     * {@code timeLimit} (see {@link #timeLimitNanos}), or when nothing at all is scheduled; {@code state} describes
     * the test's side of the run in every failure.
     */
    public void run(BooleanSupplier done, LongSupplier progress, Runnable checks, Duration stallLimit,
                    LongSupplier timeLimit, Supplier<String> state) {
        runState = state;
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
                throw failure("stuck: nothing scheduled and no deadline");
            }
            if (next - lastProgressAt > stallLimit.toNanos()) {
                throw failure("no progress for " + stallLimit);
            }
            if (next > timeLimit.getAsLong()) {
                throw failure("not finished within " + Duration.ofNanos(timeLimit.getAsLong()) + " of simulated time");
            }
            elapsed = next;
            if (timerOwner != null) {
                timerOwner.channel.onTimer();
            } else {
                events.poll().action().run();
            }
            client.checkEngineBounds();
            agent.checkEngineBounds();
            checks.run();
        }
    }

    /** A failure that tells where the run was, with the settings that reproduce it and the test's state. */
    public AssertionError failure(String what) {
        return new AssertionError(what + " at " + elapsedMillis() + " ms after " + steps + " steps; " + settings
                + "\n client " + client.channel.stats() + "\n agent " + agent.channel.stats() + "\n" + runState.get());
    }

    /** True with the given chance in percent, drawn from the run's randomness. */
    public boolean percent(int chance) {
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

    /** Flips a byte of the digest or the payload: what TLS would have caught; the frame's digest check must. */
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

    /** One end: its engine, its current connection, and the listener that checks the engine and routes Output on. */
    public final class Side implements ChannelListener {
        private final ChannelRole role;
        private final ReliableChannel channel;
        private final long largestFrame;
        private LinkTransport transport;
        private Function<ClientMessage, Delivery> onOutput = message -> {
            throw failure(role() + " received Output before the test listened");
        };
        private Runnable onWritable = () -> { };
        private long invalidFrames;

        private Side(ChannelRole role, int largestPayload, Consumer<ChannelConfig.Builder> engineTuning) {
            this.role = role;
            this.largestFrame = FrameCodec.FIXED_LENGTH + largestPayload;
            ChannelConfig.Builder config = ChannelConfig.builder()
                    .ticker(SimulatedLink.this::nowNanos)
                    .wallClockMillis(() -> 1_700_000_000_000L + elapsed / MS)
                    .messageIds(() -> new UUID(random.nextLong(), random.nextLong()))
                    .maxUnacknowledgedMessages(settings.windowMessages())
                    .maxUnacknowledgedBytes(settings.windowBytes())
                    .reorderBufferMessages(settings.reorderMessages());
            engineTuning.accept(config);
            this.channel = new ReliableChannel(role, config.build(), this);
        }

        public ChannelRole role() {
            return role;
        }

        public ReliableChannel channel() {
            return channel;
        }

        /** Where the Output messages this end's engine delivers go; the answer is the engine's. */
        public void onOutput(Function<ClientMessage, Delivery> receiver) {
            this.onOutput = receiver;
        }

        /** What runs when this end's engine becomes writable again. */
        public void onWritable(Runnable action) {
            this.onWritable = action;
        }

        private void attach() {
            transport = new LinkTransport(this, generation);
            channel.attach(transport);
        }

        /** The current transport stops taking frames for up to 300 ms, then tells the engine it takes them again. */
        public void congest() {
            LinkTransport congested = transport;
            if (congested == null) {
                return;
            }
            congested.writable = false;
            after((1 + random.nextInt(300)) * MS, () -> {
                congested.writable = true;
                if (transport == congested) {
                    channel.onTransportWritable();
                }
            });
        }

        @Override
        public Delivery onStreamMessage(ClientMessage message) {
            if (!message.messageType().equals(role.incomingMessageType())) {
                throw failure("delivered a " + message.messageType() + " to the " + role);
            }
            if (message.payloadType() != PayloadType.OUTPUT.code()) {
                throw failure(role + " received payload type " + message.payloadType());
            }
            return onOutput.apply(message);
        }

        @Override
        public void onWritable() {
            onWritable.run();
        }

        @Override
        public void onServiceMessage(ClientMessage message) {
            throw failure(role + " received a service message " + message);
        }

        @Override
        public void onInvalidFrame(DecodeError error) {
            invalidFrames++;
            if (invalidFrames > framesCorrupted) {
                throw failure(role + ": an intact frame was reported invalid: " + error);
            }
        }

        @Override
        public void onGiveUp(long sequenceNumber, Duration unacknowledgedFor) {
            throw failure(role + " gave up although give-up is off");
        }

        /** The engine's memory bounds: window and reorder buffer within their configured limits. */
        private void checkEngineBounds() {
            ChannelStats stats = channel.stats();
            if (stats.unacknowledgedMessages() > settings.windowMessages()
                    || stats.unacknowledgedBytes() >= settings.windowBytes() + largestFrame
                    || stats.reorderBuffered() > settings.reorderMessages()) {
                throw failure(role + " engine exceeded its bounds: " + stats);
            }
        }
    }

    /** One connection of one end; frames written to it travel only while its generation is current. */
    private final class LinkTransport implements FrameTransport {
        private final Side from;
        private final int generation;
        private boolean writable = true;

        LinkTransport(Side from, int generation) {
            this.from = from;
            this.generation = generation;
        }

        @Override
        public void write(byte[] frame) {
            transmit(from, generation, frame);
        }

        @Override
        public boolean isWritable() {
            return writable;
        }
    }
}
