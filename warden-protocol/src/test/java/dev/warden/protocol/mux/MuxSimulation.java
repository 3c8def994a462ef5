package dev.warden.protocol.mux;

import dev.warden.protocol.smux.SmuxCloseReason;
import dev.warden.protocol.smux.SmuxConfig;
import dev.warden.protocol.smux.SmuxFrame;
import dev.warden.protocol.smux.SmuxSession;
import dev.warden.protocol.smux.SmuxSessionListener;
import dev.warden.protocol.smux.SmuxStream;
import dev.warden.protocol.testing.InstrumentedAllocator;
import dev.warden.protocol.testing.PlannedStreamEnd;
import dev.warden.protocol.testing.SimulatedLink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An smux client session and an smux server session, each over its own
 * {@link dev.warden.protocol.channel.ReliableChannel} through a
 * {@link SmuxOverChannel}, the two engines joined by a {@link SimulatedLink} that loses, duplicates, corrupts,
 * delays and reorders frames and is cut and resumed. Applications on both ends open many streams at random times,
 * write pattern data while their stream is writable, read at random, and close in the only order smux allows
 * without losing data (the first closer waits until it has received everything; the second closes after the FIN).
 * Slow consumers stop reading for up to three simulated seconds at a time, so that the session's receive buffer
 * fills, the session pauses its input and the bridge answers the engine NOT_READY.
 *
 * <p>Checked after every step: each engine's window and reorder buffer within their limits, each bridge's pending
 * bytes within {@code maxPendingBytes} + one smux frame + the control frames smux writes regardless of
 * writability, each session's unread data within its receive buffer (plus one frame of overdraft), and no session
 * closed (an INPUT_OVERFLOW from a bridge that feeds a paused session, or a protocol error from a lost, repeated or
 * reordered chunk, would close it). Checked on every read: each byte is the next byte of its stream. On FIN: all the
 * stream's data came before it. At the end, within a bounded simulated time: every byte of every stream arrived,
 * every stream is closed on both sides, every message is acknowledged and every buffer released.
 */
final class MuxSimulation {

    /** One stream: who opens it, who closes first, how many bytes each side sends, which readers are slow. */
    record StreamPlan(boolean serverOpens, boolean openerClosesFirst, int openerBytes, int acceptorBytes,
                      boolean openerSlow, boolean acceptorSlow) {
    }

    record Scenario(SimulatedLink.Settings link, int version, List<StreamPlan> streams, int maxPayloadSize,
                    int maxPendingBytes, int maxFrameSize, int maxReceiveBuffer, int maxStreamBuffer) {

        long totalBytes() {
            return streams.stream().mapToLong(p -> (long) p.openerBytes() + p.acceptorBytes()).sum();
        }
    }

    /** A live run moves some byte or acknowledgement within this; stalls of slow readers last at most 3 s. */
    private static final Duration STALL_LIMIT = Duration.ofMinutes(2);

    private final Scenario scenario;
    private final SimulatedLink link;
    private final SmuxConfig smuxConfig;
    private final OutputLimits limits;
    private final InstrumentedAllocator allocator = new InstrumentedAllocator();
    private final Endpoint client;
    private final Endpoint server;
    private final List<StreamEnd> ends = new ArrayList<>();
    private final StreamEnd[][] byPlan;
    private final Map<Integer, Integer> planOfClientOpened = new HashMap<>();
    private final Map<Integer, Integer> planOfServerOpened = new HashMap<>();
    private final long pendingBound;
    private int opened;
    private boolean finished;
    private AssertionError listenerFailure;
    private long maxPendingSeen;
    private long pauses;
    private long stallNanos;

    MuxSimulation(Scenario scenario) {
        this.scenario = scenario;
        long expectedFrames = 2 * (scenario.totalBytes() / scenario.maxPayloadSize() + 2L * scenario.streams().size());
        this.link = new SimulatedLink(scenario.link(), scenario.maxPayloadSize(), expectedFrames);
        this.limits = new OutputLimits(scenario.maxPayloadSize(), scenario.maxPendingBytes());
        this.smuxConfig = SmuxConfig.builder()
                .version(scenario.version())
                .maxFrameSize(scenario.maxFrameSize())
                .maxReceiveBuffer(scenario.maxReceiveBuffer())
                .maxStreamBuffer(scenario.maxStreamBuffer())
                // The tightest value that is correct: a session fed only while not paused holds at most the rest of
                // one Output payload. A bridge that feeds a paused session overflows this at once.
                .maxBufferedInput(scenario.maxPayloadSize())
                .build();
        int streams = scenario.streams().size();
        long controlFrames = 2L * streams; // SYN and FIN, 8 bytes each
        long updFrames = scenario.version() == 2
                ? streams + scenario.totalBytes() / Math.max(1, scenario.maxStreamBuffer() / 2) : 0;
        this.pendingBound = scenario.maxPendingBytes() + SmuxFrame.HEADER_LENGTH + scenario.maxFrameSize()
                + 8 * controlFrames + 16 * updFrames;
        this.client = new Endpoint("client", link.client(), SmuxSession.Role.CLIENT);
        this.server = new Endpoint("server", link.agent(), SmuxSession.Role.SERVER);
        this.byPlan = new StreamEnd[streams][2];
        for (int i = 0; i < streams; i++) {
            StreamPlan plan = scenario.streams().get(i);
            Endpoint opener = plan.serverOpens() ? server : client;
            Endpoint acceptor = opener == client ? server : client;
            byPlan[i][0] = new StreamEnd(i, opener, plan.openerBytes(), plan.acceptorBytes(), plan.openerClosesFirst(),
                    2 * i, 2 * i + 1, plan.openerSlow());
            byPlan[i][1] = new StreamEnd(i, acceptor, plan.acceptorBytes(), plan.openerBytes(),
                    !plan.openerClosesFirst(), 2 * i + 1, 2 * i, plan.acceptorSlow());
            ends.add(byPlan[i][0]);
            ends.add(byPlan[i][1]);
        }
    }

    void run() {
        for (int i = 0; i < byPlan.length; i++) {
            int plan = i;
            link.after(link.random().nextInt(1000) * SimulatedLink.MS, () -> open(plan));
        }
        link.run(this::done, this::progress, this::checkBounds, STALL_LIMIT, this::timeLimitNanos, this::state);
        for (StreamEnd end : ends) {
            if (!end.isComplete()) {
                throw link.failure("incomplete stream " + end);
            }
        }
        for (Endpoint endpoint : new Endpoint[]{client, server}) {
            SmuxSession session = endpoint.mux.session();
            if (session.isClosed() || !session.streams().isEmpty() || session.receiveBufferedBytes() != 0
                    || endpoint.mux.pendingBytes() != 0) {
                throw link.failure(endpoint + " not clean at the end");
            }
        }
        if (allocator.usedBytes() != 0) {
            throw link.failure(allocator.usedBytes() + " bytes never released");
        }
        finished = true;
        client.mux.close();
        server.mux.close();
    }

    /** See {@link SimulatedLink#timeLimitNanos}; consumers' stalls count in full, as if no two overlapped. */
    long timeLimitNanos() {
        return link.timeLimitNanos(scenario.maxPayloadSize(), stallNanos);
    }

    long notReadyAnswers() {
        return client.mux.notReadyAnswers() + server.mux.notReadyAnswers();
    }

    long pauses() {
        return pauses;
    }

    long maxPendingSeen() {
        return maxPendingSeen;
    }

    SimulatedLink link() {
        return link;
    }

    private void open(int plan) {
        StreamEnd opener = byPlan[plan][0];
        SmuxStream stream = opener.endpoint.mux.session().openStream();
        (opener.endpoint == client ? planOfClientOpened : planOfServerOpened).put(stream.id(), plan);
        opened++;
        opener.attach(stream);
    }

    private boolean done() {
        if (opened < byPlan.length) {
            return false;
        }
        for (StreamEnd end : ends) {
            if (!end.closedEvent()) {
                return false;
            }
        }
        return client.mux.session().streams().isEmpty() && server.mux.session().streams().isEmpty()
                && client.mux.pendingBytes() == 0 && server.mux.pendingBytes() == 0
                && link.client().channel().stats().unacknowledgedMessages() == 0
                && link.agent().channel().stats().unacknowledgedMessages() == 0;
    }

    private long progress() {
        long p = link.client().channel().stats().messagesAcknowledged()
                + link.agent().channel().stats().messagesAcknowledged();
        for (StreamEnd end : ends) {
            p += end.bytesMoved();
        }
        return p;
    }

    private void checkBounds() {
        if (listenerFailure != null) {
            throw listenerFailure;
        }
        client.checkBounds();
        server.checkBounds();
    }

    private String state() {
        StringBuilder sb = new StringBuilder(scenario.toString());
        for (Endpoint e : new Endpoint[]{client, server}) {
            sb.append("\n ").append(e).append(": pending ").append(e.mux.pendingBytes()).append(" paused ")
                    .append(e.mux.isInboundPaused()).append(" notReady ").append(e.mux.notReadyAnswers())
                    .append(" unread ").append(e.mux.session().receiveBufferedBytes()).append(" closed ")
                    .append(e.mux.session().closeReason());
        }
        int shown = 0;
        for (StreamEnd end : ends) {
            if (!end.closedEvent() && shown++ < 20) {
                sb.append("\n ").append(end);
            }
        }
        return sb.toString();
    }

    private AssertionError fail(String what) {
        AssertionError error = link.failure(what);
        if (listenerFailure == null) {
            listenerFailure = error;
        }
        return error;
    }

    /** One end: the smux session over its engine, and the session listener. */
    private final class Endpoint implements SmuxSessionListener {
        final String name;
        final SmuxOverChannel mux;
        private boolean wasPaused;

        Endpoint(String name, SimulatedLink.Side side, SmuxSession.Role role) {
            this.name = name;
            this.mux = new SmuxOverChannel(role, side.channel(), limits, smuxConfig, this, allocator, link.eventLoop(),
                    link.nowNanos());
            side.onOutput(message -> mux.onOutput(message.payload()));
            side.onWritable(mux::onChannelWritable);
        }

        @Override
        public void onStreamAccepted(SmuxStream stream) {
            Integer plan = (this == client ? planOfServerOpened : planOfClientOpened).get(stream.id());
            if (plan == null) {
                throw fail(name + " accepted unknown stream " + stream.id());
            }
            byPlan[plan][1].attach(stream);
        }

        @Override
        public void onSessionClosed(SmuxCloseReason reason) {
            if (!finished) {
                throw fail(name + " session closed: " + reason);
            }
        }

        void checkBounds() {
            long pending = mux.pendingBytes();
            maxPendingSeen = Math.max(maxPendingSeen, pending);
            if (pending > pendingBound) {
                throw fail(name + " bridge holds " + pending + " bytes, bound " + pendingBound);
            }
            long unread = mux.session().receiveBufferedBytes();
            if (unread > (long) smuxConfig.maxReceiveBuffer() + smuxConfig.maxFrameSize()) {
                throw fail(name + " session holds " + unread + " unread bytes");
            }
            if (mux.isInboundPaused() && !wasPaused) {
                pauses++;
            }
            wasPaused = mux.isInboundPaused();
            if (mux.session().isClosed()) {
                throw fail(name + " session closed: " + mux.session().closeReason());
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The application on one end of one stream: writes in bursts while writable, reads at random, may stall. */
    private final class StreamEnd extends PlannedStreamEnd {
        final Endpoint endpoint;
        final boolean slow;
        boolean pumpScheduled;
        boolean readScheduled;
        boolean stalled;

        StreamEnd(int plan, Endpoint endpoint, int toSend, int toReceive, boolean closesFirst, int sendSalt,
                  int receiveSalt, boolean slow) {
            super(plan, endpoint, toSend, toReceive, closesFirst, sendSalt, receiveSalt);
            this.endpoint = endpoint;
            this.slow = slow;
        }

        @Override
        protected AssertionError failure(String what) {
            return fail(what);
        }

        @Override
        protected void onAttached() {
            schedulePump(0);
        }

        private void schedulePump(long delayNanos) {
            if (!pumpScheduled && written < toSend) {
                pumpScheduled = true;
                link.after(delayNanos, this::pump);
            }
        }

        /** Writes a burst while the stream is writable; onWritabilityChanged resumes it otherwise. */
        private void pump() {
            pumpScheduled = false;
            if (closedByMe) {
                return;
            }
            int burst = 1 + link.random().nextInt(4);
            while (written < toSend && burst-- > 0 && stream.isWritable()) {
                writeOne();
            }
            if (written < toSend && stream.isWritable()) {
                schedulePump(link.random().nextInt(10) * SimulatedLink.MS);
            }
            maybeClose();
        }

        private void writeOne() {
            int remaining = toSend - written;
            int n = 1 + link.random().nextInt(Math.min(remaining, link.random().nextBoolean() ? 1500 : 40_000));
            writePattern(allocator, n);
        }

        private void scheduleRead(long delayNanos) {
            if (!readScheduled) {
                readScheduled = true;
                link.after(delayNanos, () -> {
                    readScheduled = false;
                    readSome();
                });
            }
        }

        private void readSome() {
            if (stream == null || closedByMe || stalled) {
                return;
            }
            int readable = stream.readableBytes();
            if (readable > 0) {
                int n = link.random().nextInt(3) == 0 ? readable
                        : 1 + link.random().nextInt(Math.min(readable, 1 + link.random().nextInt(8000)));
                readPattern(n);
                if (slow && link.random().nextInt(100) < 30) {
                    // The consumer stops reading for a while, whatever arrives meanwhile.
                    stalled = true;
                    long stall = (50 + link.random().nextInt(3000)) * SimulatedLink.MS;
                    stallNanos += stall + SimulatedLink.PAUSE_RECOVERY;
                    link.after(stall, () -> {
                        stalled = false;
                        scheduleRead(0);
                    });
                } else if (stream.readableBytes() > 0) {
                    scheduleRead(link.random().nextInt(5) * SimulatedLink.MS);
                }
            }
            maybeClose();
        }

        @Override
        public void onReadable(SmuxStream s) {
            if (closedByMe || stalled) {
                return;
            }
            if (link.random().nextInt(3) == 0) {
                readSome(); // right inside the callback, as a proxy would
            } else {
                scheduleRead(link.random().nextInt(20) * SimulatedLink.MS);
            }
        }

        @Override
        public void onWritabilityChanged(SmuxStream s) {
            if (s.isWritable()) {
                schedulePump(0);
            }
        }

        @Override
        protected String describeMore() {
            return (slow ? " slow" : "") + (stalled ? " stalled" : "");
        }
    }
}
