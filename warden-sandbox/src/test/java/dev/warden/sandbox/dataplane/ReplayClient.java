package dev.warden.sandbox.dataplane;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.payload.Acknowledgement;
import dev.warden.protocol.payload.ClientOpenDataChannel;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Plays the official client's side of a recorded transcript over a real websocket: it sends the recorded client
 * frames byte for byte, acknowledges every agent stream message as the plugin does, and lets the test wait for
 * the frames the plugin expected, in any interleaving with others.
 */
final class ReplayClient {

    private final BlockingQueue<ClientMessage> received = new LinkedBlockingQueue<>();
    private final List<ClientMessage> unmatched = new ArrayList<>();
    private final UUID clientId = UUID.randomUUID();
    private WsClient socket;
    private volatile boolean deaf;

    void connect(String streamUrl, String token, String clientVersion) {
        WsClient ws = WsClient.connect(URI.create(streamUrl));
        ws.sendText(new String(ClientOpenDataChannel.of(UUID.randomUUID(), token, clientId, clientVersion).encode(),
                StandardCharsets.UTF_8));
        ws.onEvent(event -> {
            if (!(event instanceof WsClient.Binary binary) || deaf) {
                return;
            }
            Decoding<ClientMessage> decoded = FrameCodec.decode(Unpooled.wrappedBuffer(binary.bytes()));
            if (!decoded.isOk()) {
                return;
            }
            ClientMessage message = decoded.value();
            if (message.messageType().equals(MessageTypes.OUTPUT_STREAM_DATA)) {
                try {
                    ws.sendBinary(FrameCodec.encodeToArray(Acknowledgement.of(message).toMessage()));
                } catch (RuntimeException e) {
                    // connection gone
                }
            }
            received.add(message);
        });
        socket = ws;
    }

    void send(byte[] frame) {
        socket.sendBinary(frame);
    }

    /** Received frames are lost (not processed, not acknowledged) while deaf. */
    void deaf(boolean value) {
        deaf = value;
    }

    void drop() {
        socket.abort();
    }

    WsClient socket() {
        return socket;
    }

    /** The next received frame matching {@code wanted}; frames passed over stay available for later calls. */
    ClientMessage expect(Predicate<ClientMessage> wanted, Duration timeout, String what) throws InterruptedException {
        for (Iterator<ClientMessage> it = unmatched.iterator(); it.hasNext(); ) {
            ClientMessage m = it.next();
            if (wanted.test(m)) {
                it.remove();
                return m;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            ClientMessage m = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("the sandbox did not send " + what + " within " + timeout
                        + "; unmatched frames: " + unmatched);
            }
            if (wanted.test(m)) {
                return m;
            }
            unmatched.add(m);
        }
    }

    /**
     * Waits until the frames received so far satisfy {@code done}, without taking any of them: they all stay
     * available to {@link #expect} and {@link #drain}.
     */
    void awaitReceived(Predicate<List<ClientMessage>> done, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            received.drainTo(unmatched);
            if (done.test(List.copyOf(unmatched))) {
                return;
            }
            long left = deadline - System.nanoTime();
            ClientMessage m = left <= 0 ? null : received.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)),
                    TimeUnit.NANOSECONDS);
            if (m != null) {
                unmatched.add(m);
            } else if (System.nanoTime() >= deadline) {
                throw new AssertionError("the sandbox did not send " + what + " within " + timeout);
            }
        }
    }

    /** Everything received so far that no expectation took, plus what is queued now. */
    List<ClientMessage> drain() {
        received.drainTo(unmatched);
        List<ClientMessage> all = new ArrayList<>(unmatched);
        unmatched.clear();
        return all;
    }
}
