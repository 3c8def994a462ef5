package dev.warden.governance.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local Slack-style webhook: records each alert's text and when it arrived. (Public for the command-line tests of
 * watch replicas in warden-cli.)
 */
public final class AlertReceiver implements AutoCloseable {

    public record Received(String text, Instant at) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public AlertReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            Instant at = Instant.now();
            received.add(new Received(JSON.readTree(exchange.getRequestBody()).path("text").asText(), at));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Received> containing(String text) {
        return received.stream().filter(r -> r.text().contains(text)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
