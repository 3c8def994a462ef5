package dev.warden.client.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SSM (or KMS) JSON 1.1 endpoint on loopback with scripted answers per {@code X-Amz-Target}: records every call
 * (target, body, the access key id that signed it) and answers as the test says, errors in AWS's shape.
 */
public final class FakeSsmEndpoint implements AutoCloseable {

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/");

    /** One recorded call. */
    public record Call(String target, String body, String signedBy) {
    }

    /** An answer: a 200 with {@code body}, or an AWS error. */
    public record Answer(int status, String body, String errorType) {
        public static Answer ok(String json) {
            return new Answer(200, json, null);
        }

        public static Answer error(int status, String type, String message) {
            return new Answer(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}", type);
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Call, Answer>> answers = new ConcurrentHashMap<>();

    private FakeSsmEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeSsmEndpoint start() {
        try {
            return new FakeSsmEndpoint();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers calls of {@code target} (such as {@code AmazonSSM.ResumeSession}) with {@code answer}. */
    public FakeSsmEndpoint on(String target, Function<Call, Answer> answer) {
        answers.put(target, answer);
        return this;
    }

    public List<Call> calls(String target) {
        return calls.stream().filter(c -> c.target().equals(target)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String signedBy = null;
        if (authorization != null) {
            Matcher m = CREDENTIAL.matcher(authorization);
            signedBy = m.find() ? m.group(1) : null;
        }
        Call call = new Call(target, body, signedBy);
        calls.add(call);
        Function<Call, Answer> responder = answers.get(target);
        Answer answer = responder == null ? Answer.error(400, "InvalidAction", "not scripted: " + target)
                : responder.apply(call);
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        if (answer.errorType() != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", answer.errorType());
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
