package dev.warden.protocol.smux;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.testing.InstrumentedAllocator;
import dev.warden.protocol.testing.PlannedStreamEnd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A client and a server session joined by a simulated link that re-cuts the byte stream at random points
 * (merging and splitting frames), delivers the two directions in random interleaving, has a bounded
 * buffer (the transport becomes unwritable), and honours the receiver's pause requests. Applications on
 * both ends open streams at random times, write pattern data while their stream is writable (and now and
 * then when it is not), read at random, and close in the only order smux allows without losing data: the
 * first closer waits until it has received everything, the second closes after the FIN.
 *
 * <p>Checked throughout: every byte read is the next byte of its stream (so nothing is lost, duplicated,
 * reordered or mixed between streams); a FIN arrives only after all the stream's data; in version 2 the
 * writer never has more bytes in flight than the window the peer's delivered UPDs grant, and a receiver
 * never holds more unread bytes than any window allows; in version 1 the receive buffer stays within its
 * limit. At the end every stream is closed on both sides and every buffer is released.
 */
final class LinkSimulation {

    /** What one stream does: who opens and who closes first, and how many bytes each side sends. */
    record StreamPlan(boolean serverOpens, boolean openerClosesFirst, int openerBytes, int acceptorBytes) {
    }

    /**
     * @param maxChunk       largest piece the link delivers at once
     * @param transportLimit queued bytes at which a direction's transport stops being writable
     * @param seed           drives every scheduling decision
     */
    record Scenario(List<StreamPlan> streams, int maxChunk, int transportLimit, int maxFrameSize,
                    int maxReceiveBuffer, int maxStreamBuffer, long seed) {

        long totalBytes() {
            return streams.stream().mapToLong(p -> (long) p.openerBytes() + p.acceptorBytes()).sum();
        }
    }

    private static final int MAX_STEPS = 20_000_000;

    private final Scenario scenario;
    private final SmuxConfig config;
    private final SplittableRandom random;
    private final InstrumentedAllocator allocator = new InstrumentedAllocator();
    private final Endpoint client;
    private final Endpoint server;
    private final List<StreamEnd> ends = new ArrayList<>();
    /** The shared event loop's queue; running a task is one of the simulation's actions. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean finished;
    private final StreamEnd[][] byPlan;
    private final Map<Integer, Integer> planOfClientOpened = new HashMap<>();
    private final Map<Integer, Integer> planOfServerOpened = new HashMap<>();
    private final int readWeight;
    private int nextToOpen;

    LinkSimulation(int version, Scenario scenario, boolean slowReader) {
        this.scenario = scenario;
        this.random = new SplittableRandom(scenario.seed());
        this.readWeight = slowReader ? 8 : 30;
        this.config = SmuxConfig.builder()
                .version(version)
                .maxFrameSize(scenario.maxFrameSize())
                .maxReceiveBuffer(scenario.maxReceiveBuffer())
                .maxStreamBuffer(scenario.maxStreamBuffer())
                .build();
        client = new Endpoint("client");
        server = new Endpoint("server");
        client.peer = server;
        server.peer = client;
        client.session = new SmuxSession(SmuxSession.Role.CLIENT, config, client, client, allocator, tasks::add, 0);
        server.session = new SmuxSession(SmuxSession.Role.SERVER, config, server, server, allocator, tasks::add, 0);
        byPlan = new StreamEnd[scenario.streams().size()][2];
        for (int i = 0; i < scenario.streams().size(); i++) {
            StreamPlan plan = scenario.streams().get(i);
            Endpoint opener = plan.serverOpens() ? server : client;
            StreamEnd openerEnd = new StreamEnd(i, opener, plan.openerBytes(), plan.acceptorBytes(),
                    plan.openerClosesFirst(), 2 * i, 2 * i + 1);
            StreamEnd acceptorEnd = new StreamEnd(i, opener.peer, plan.acceptorBytes(), plan.openerBytes(),
                    !plan.openerClosesFirst(), 2 * i + 1, 2 * i);
            byPlan[i][0] = openerEnd;
            byPlan[i][1] = acceptorEnd;
            ends.add(openerEnd);
            ends.add(acceptorEnd);
        }
    }

    /** Runs the scenario to completion and checks the final state. */
    void run() {
        int steps = 0;
        while (!done()) {
            if (++steps > MAX_STEPS) {
                fail("no completion after " + MAX_STEPS + " steps: " + state());
            }
            if (!step()) {
                fail("stuck: no action possible but not done: " + state());
            }
        }
        for (StreamEnd end : ends) {
            assertThat(end.isComplete()).as("%s received and wrote everything, and closed", end).isTrue();
        }
        assertThat(client.session.isClosed()).as("client session: %s", client.session.closeReason()).isFalse();
        assertThat(server.session.isClosed()).as("server session: %s", server.session.closeReason()).isFalse();
        assertThat(client.session.streams()).isEmpty();
        assertThat(server.session.streams()).isEmpty();
        assertThat(client.session.receiveBufferedBytes()).isZero();
        assertThat(server.session.receiveBufferedBytes()).isZero();
        assertThat(allocator.usedBytes()).as("bytes never released").isZero();
        finished = true;
        client.session.close();
        server.session.close();
        client.tap.close();
        server.tap.close();
    }

    private boolean done() {
        if (nextToOpen < byPlan.length || !client.queue.isEmpty() || !server.queue.isEmpty() || !tasks.isEmpty()) {
            return false;
        }
        for (StreamEnd end : ends) {
            if (!end.closedEvent()) {
                return false;
            }
        }
        return true;
    }

    /** Takes one random action among those possible; false when none is. */
    private boolean step() {
        int[] weights = {35, 30, readWeight, 5, 10};
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int pick = random.nextInt(total);
        int first = 0;
        while (pick >= weights[first]) {
            pick -= weights[first++];
        }
        for (int k = 0; k < weights.length; k++) {
            int category = (first + k) % weights.length;
            if (tryAction(category)) {
                return true;
            }
        }
        return false;
    }

    private boolean tryAction(int category) {
        switch (category) {
            case 0 -> {
                List<Endpoint> senders = new ArrayList<>(2);
                for (Endpoint e : List.of(client, server)) {
                    if (!e.queue.isEmpty() && !e.peer.pausedByPeer) {
                        senders.add(e);
                    }
                }
                if (senders.isEmpty()) {
                    return false;
                }
                senders.get(random.nextInt(senders.size())).deliver(1 + random.nextInt(scenario.maxChunk()));
                return true;
            }
            case 1 -> {
                List<StreamEnd> writers = new ArrayList<>();
                for (StreamEnd end : ends) {
                    if (end.canWrite()) {
                        writers.add(end);
                    }
                }
                if (writers.isEmpty()) {
                    return false;
                }
                writers.get(random.nextInt(writers.size())).writeSome();
                return true;
            }
            case 2 -> {
                List<StreamEnd> readers = new ArrayList<>();
                for (StreamEnd end : ends) {
                    if (end.canRead()) {
                        readers.add(end);
                    }
                }
                if (readers.isEmpty()) {
                    return false;
                }
                readers.get(random.nextInt(readers.size())).readSome();
                return true;
            }
            case 4 -> {
                Runnable task = tasks.poll();
                if (task == null) {
                    return false;
                }
                task.run();
                return true;
            }
            default -> {
                if (nextToOpen >= byPlan.length) {
                    return false;
                }
                int plan = nextToOpen++;
                StreamEnd opener = byPlan[plan][0];
                SmuxStream stream = opener.endpoint.session.openStream();
                (opener.endpoint == client ? planOfClientOpened : planOfServerOpened).put(stream.id(), plan);
                opener.attach(stream);
                return true;
            }
        }
    }

    private String state() {
        StringBuilder sb = new StringBuilder(scenario.toString());
        sb.append("\n client queued=").append(client.queued).append(" paused=").append(client.pausedByPeer)
                .append(" closed=").append(client.session.closeReason())
                .append("\n server queued=").append(server.queued).append(" paused=").append(server.pausedByPeer)
                .append(" closed=").append(server.session.closeReason());
        for (StreamEnd end : ends) {
            if (!end.closedEvent()) {
                sb.append("\n ").append(end);
            }
        }
        return sb.toString();
    }

    /** One side of the link: its session's transport and listener, and its view of the wire. */
    private final class Endpoint implements SmuxTransport, SmuxSessionListener {
        final String name;
        Endpoint peer;
        SmuxSession session;
        final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
        long queued;
        /** This endpoint's session asked not to be fed. */
        boolean pausedByPeer;
        /** Parses the bytes delivered to this endpoint, to know which UPDs its session can have seen. */
        final SmuxFrameDecoder tap;
        final Map<Integer, long[]> sendWindow = new HashMap<>();

        Endpoint(String name) {
            this.name = name;
            this.tap = new SmuxFrameDecoder(config.version(), SmuxFrame.MAX_DATA_LENGTH,
                    io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
        }

        @Override
        public void write(ByteBuf frame) {
            int command = frame.getUnsignedByte(frame.readerIndex() + 1);
            int length = frame.getUnsignedShortLE(frame.readerIndex() + 2);
            int sid = frame.getIntLE(frame.readerIndex() + 4);
            assertThat(frame.readableBytes()).as("one whole frame per write").isEqualTo(SmuxFrame.HEADER_LENGTH + length);
            if (command == SmuxCommand.PSH.code()) {
                assertThat(length).isBetween(1, config.maxFrameSize());
                long[] w = window(sid);
                w[0] += length;
                if (config.version() == 2) {
                    long inflight = w[0] - w[1];
                    assertThat(inflight).as("%s stream %d: in flight %d exceeds the granted window %d",
                            name, sid, inflight, w[2]).isLessThanOrEqualTo(w[2]);
                }
            }
            queue.add(frame);
            queued += frame.readableBytes();
        }

        /** {sent, consumed per delivered UPD, window per delivered UPD} for a stream this endpoint writes to. */
        long[] window(int sid) {
            return sendWindow.computeIfAbsent(sid, k -> new long[] {0, 0, SmuxStream.INITIAL_PEER_WINDOW});
        }

        @Override
        public boolean isWritable() {
            return queued < scenario.transportLimit();
        }

        @Override
        public void setInboundPaused(boolean paused) {
            assertThat(paused).as("pause signals alternate").isNotEqualTo(pausedByPeer);
            pausedByPeer = paused;
        }

        @Override
        public void onStreamAccepted(SmuxStream stream) {
            Map<Integer, Integer> plans = this == client ? planOfServerOpened : planOfClientOpened;
            Integer plan = plans.get(stream.id());
            assertThat(plan).as("%s accepted unknown stream %d", name, stream.id()).isNotNull();
            byPlan[plan][1].attach(stream);
        }

        @Override
        public void onSessionClosed(SmuxCloseReason reason) {
            if (!finished) {
                fail(name + " session closed: " + reason);
            }
        }

        /** Moves up to {@code max} bytes, cut anywhere, from this endpoint's queue into the peer's session. */
        void deliver(int max) {
            boolean wasWritable = isWritable();
            int n = (int) Math.min(max, queued);
            byte[] bytes = new byte[n];
            int filled = 0;
            while (filled < n) {
                ByteBuf head = queue.peek();
                int k = Math.min(n - filled, head.readableBytes());
                head.readBytes(bytes, filled, k);
                filled += k;
                if (!head.isReadable()) {
                    queue.poll().release();
                }
            }
            queued -= n;
            peer.observeDelivered(bytes);
            peer.session.onInbound(Unpooled.wrappedBuffer(bytes));
            peer.checkReceiveLimits();
            if (!wasWritable && isWritable()) {
                session.onTransportWritable();
            }
        }

        /** Learns the UPDs in bytes delivered to this endpoint before its session sees them. */
        void observeDelivered(byte[] bytes) {
            tap.feed(Unpooled.wrappedBuffer(bytes));
            for (Decoding<SmuxFrame> next = tap.poll(); next != null; next = tap.poll()) {
                SmuxFrame frame = next.value();
                if (frame.command() == SmuxCommand.UPD) {
                    long[] w = window(frame.streamId());
                    w[1] = frame.updConsumed();
                    w[2] = frame.updWindow();
                }
                frame.release();
            }
        }

        void checkReceiveLimits() {
            assertThat(session.receiveBufferedBytes()).isLessThanOrEqualTo(
                    (long) config.maxReceiveBuffer() + config.maxFrameSize());
            if (config.version() == 2) {
                long largestWindow = Math.max(SmuxStream.INITIAL_PEER_WINDOW, config.maxStreamBuffer());
                for (SmuxStream stream : session.streams()) {
                    assertThat((long) stream.readableBytes()).isLessThanOrEqualTo(largestWindow);
                }
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The application on one end of one stream; the simulation's steps pick when it writes and reads. */
    private final class StreamEnd extends PlannedStreamEnd {
        final Endpoint endpoint;
        boolean lastWritable = true;

        StreamEnd(int plan, Endpoint endpoint, int toSend, int toReceive, boolean closesFirst, int sendSalt,
                  int receiveSalt) {
            super(plan, endpoint, toSend, toReceive, closesFirst, sendSalt, receiveSalt);
            this.endpoint = endpoint;
        }

        @Override
        protected AssertionError failure(String what) {
            return new AssertionError(what);
        }

        boolean canWrite() {
            return stream != null && !closedByMe && written < toSend
                    && (stream.isWritable() || random.nextInt(10) == 0);
        }

        boolean canRead() {
            return stream != null && !closedByMe && stream.readableBytes() > 0;
        }

        void writeSome() {
            int remaining = toSend - written;
            writePattern(allocator, 1 + random.nextInt(Math.min(remaining, random.nextBoolean() ? 1500 : 70_000)));
            maybeClose();
        }

        void readSome() {
            int readable = stream.readableBytes();
            int n = random.nextInt(3) == 0 ? readable : 1 + random.nextInt(Math.min(readable, 1 + random.nextInt(4000)));
            readPattern(n);
            maybeClose();
        }

        @Override
        public void onReadable(SmuxStream s) {
            // Sometimes read right inside the callback, as a proxy would.
            if (!closedByMe && random.nextInt(4) == 0) {
                readSome();
            }
        }

        @Override
        public void onWritabilityChanged(SmuxStream s) {
            assertThat(s.isWritable()).as("writability events alternate").isNotEqualTo(lastWritable);
            lastWritable = s.isWritable();
        }
    }
}
