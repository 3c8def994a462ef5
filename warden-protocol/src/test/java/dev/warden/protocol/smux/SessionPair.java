package dev.warden.protocol.smux;

import dev.warden.protocol.testing.InstrumentedAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * A client and a server session connected back to back through queues that the test empties explicitly,
 * so that the order of every frame is under the test's control. Every frame written by either side is
 * logged as {@code "<direction> <hex>"}.
 */
final class SessionPair {

    final InstrumentedAllocator allocator = new InstrumentedAllocator();
    /** The event loop both sessions share: tasks run when the test pumps. */
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    final List<String> log = new ArrayList<>();
    final Side client;
    final Side server;

    SessionPair(SmuxConfig config) {
        this(config, config, 0L);
    }

    SessionPair(SmuxConfig clientConfig, SmuxConfig serverConfig, long nowNanos) {
        client = new Side("client->server");
        server = new Side("server->client");
        client.peer = server;
        server.peer = client;
        client.session = new SmuxSession(SmuxSession.Role.CLIENT, clientConfig, client, client, allocator, tasks::add,
                nowNanos);
        server.session = new SmuxSession(SmuxSession.Role.SERVER, serverConfig, server, server, allocator, tasks::add,
                nowNanos);
    }

    /** Runs pending event-loop tasks and delivers queued frames both ways, one direction at a time, until nothing moves. */
    void pump() {
        boolean moved = true;
        while (moved) {
            moved = runTasks() | client.deliverAll() | server.deliverAll();
        }
    }

    boolean runTasks() {
        boolean ran = false;
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
            ran = true;
        }
        return ran;
    }

    /** Closes both sessions and drops queued frames, so that leak checks see every buffer released. */
    void shutdown() {
        client.session.close();
        server.session.close();
        runTasks();
        client.outbound.clear();
        server.outbound.clear();
    }

    static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, java.nio.charset.StandardCharsets.US_ASCII);
    }

    static String readAscii(SmuxStream stream) {
        ByteBuf data = stream.read();
        try {
            return data.toString(java.nio.charset.StandardCharsets.US_ASCII);
        } finally {
            data.release();
        }
    }

    final class Side implements SmuxTransport, SmuxSessionListener {
        final String direction;
        Side peer;
        SmuxSession session;
        final ArrayDeque<byte[]> outbound = new ArrayDeque<>();
        final List<byte[]> written = new ArrayList<>();
        final List<SmuxStream> accepted = new ArrayList<>();
        final List<SmuxCloseReason> closeReasons = new ArrayList<>();
        final List<Boolean> pauseSignals = new ArrayList<>();
        boolean writable = true;
        boolean inboundPaused;
        int flushes;
        Consumer<SmuxStream> onAccept = stream -> { };

        Side(String direction) {
            this.direction = direction;
        }

        @Override
        public void write(ByteBuf frame) {
            byte[] bytes = ByteBufUtil.getBytes(frame);
            frame.release();
            outbound.add(bytes);
            written.add(bytes);
            log.add(direction + " " + HexFormat.of().formatHex(bytes));
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public boolean isWritable() {
            return writable;
        }

        @Override
        public void setInboundPaused(boolean paused) {
            inboundPaused = paused;
            pauseSignals.add(paused);
        }

        @Override
        public void onStreamAccepted(SmuxStream stream) {
            accepted.add(stream);
            onAccept.accept(stream);
        }

        @Override
        public void onSessionClosed(SmuxCloseReason reason) {
            closeReasons.add(reason);
        }

        /** Delivers this side's queued frames to the peer, one frame per call, while the peer is not paused. */
        boolean deliverAll() {
            boolean moved = false;
            while (!outbound.isEmpty() && !peer.inboundPaused) {
                peer.session.onInbound(Unpooled.wrappedBuffer(outbound.poll()));
                moved = true;
            }
            return moved;
        }

        /** Delivers one queued frame to the peer even though the peer asked to pause (a misbehaving transport). */
        void inboundPausedIgnoredOnce() {
            if (!outbound.isEmpty()) {
                peer.session.onInbound(Unpooled.wrappedBuffer(outbound.poll()));
            }
        }

        /** Frames this side wrote, decoded. */
        List<SmuxFrame> writtenFrames() {
            List<SmuxFrame> frames = new ArrayList<>();
            for (byte[] bytes : written) {
                SmuxFrameDecoder decoder = new SmuxFrameDecoder(session.config().version(), SmuxFrame.MAX_DATA_LENGTH,
                        io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
                decoder.feed(Unpooled.wrappedBuffer(bytes));
                frames.add(decoder.poll().value());
                decoder.close();
            }
            return frames;
        }
    }
}
