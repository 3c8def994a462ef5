package dev.warden.sandbox.dataplane;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real websocket client (the JDK's) for data-channel tests: every received message and the end of the
 * connection become events in a queue, or go to a consumer. Sends are serialised, as the JDK requires.
 */
final class WsClient implements WebSocket.Listener {

    /** Something that happened on the connection. */
    sealed interface Event permits Binary, Text, Closed {
    }

    record Binary(byte[] bytes) implements Event {
    }

    record Text(String text) implements Event {
    }

    /** The connection ended: a close frame ({@code code} ≥ 0) or a broken TCP connection ({@code code} -1). */
    record Closed(int code, String reason) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
    private final StringBuilder partialText = new StringBuilder();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private volatile Consumer<Event> consumer;
    private WebSocket socket;

    private WsClient() {
    }

    /** Connects, with extra upgrade headers (e.g. a SigV4 signature); fails as the upgrade fails. */
    static WsClient connect(URI uri, Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(uri, client).orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    static WsClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    /** From now on events go to {@code target} (on the JDK's threads) instead of the queue. */
    void onEvent(Consumer<Event> target) {
        Event queued;
        synchronized (this) {
            while ((queued = events.poll()) != null) {
                target.accept(queued);
            }
            consumer = target;
        }
    }

    synchronized void sendText(String text) {
        await(socket.sendText(text, true));
    }

    synchronized void sendBinary(byte[] bytes) {
        await(socket.sendBinary(ByteBuffer.wrap(bytes), true));
    }

    /**
     * Waits for a send. The JDK reports a connection that broke under a send only through the send's future (not
     * always through onError), so a failed send ends the connection here, as it does for the official client.
     */
    private void await(CompletableFuture<WebSocket> send) {
        try {
            send.join();
        } catch (RuntimeException e) {
            end(new Closed(-1, String.valueOf(e.getCause())));
            throw e;
        }
    }

    /** Drops the TCP connection without a close frame, as the official client does. */
    void abort() {
        socket.abort();
    }

    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    CompletableFuture<Closed> closed() {
        return closed;
    }

    private void emit(Event event) {
        synchronized (this) {
            if (consumer == null) {
                events.add(event);
                return;
            }
        }
        consumer.accept(event);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partialBinary.writeBytes(bytes);
        if (last) {
            emit(new Binary(partialBinary.toByteArray()));
            partialBinary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            emit(new Text(partialText.toString()));
            partialText.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end(new Closed(-1, String.valueOf(error)));
    }

    private void end(Closed event) {
        if (closed.complete(event)) {
            emit(event);
        }
    }
}
