package dev.warden.governance.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Plain HTTP to the dashboard, as a script or an attacker would send it: no browser, cookies set by hand. */
final class DashboardHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A signed-in client: its cookie header value and its CSRF token. */
    record SignedIn(String cookie, String csrf, String role) {
    }

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI base;

    DashboardHttp(URI base) {
        this.base = base;
    }

    HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, SignedIn who) {
        return send("GET", path, who == null ? Map.of() : Map.of("Cookie", who.cookie()), null);
    }

    /** Exchanges a bearer token for the session cookie, as a script does. */
    SignedIn signIn(String token) {
        HttpResponse<String> r = send("POST", "/login", Map.of("Authorization", "Bearer " + token), null);
        if (r.statusCode() != 200) {
            throw new AssertionError("sign-in refused: " + r.statusCode() + " " + r.body());
        }
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        JsonNode body = json(r);
        return new SignedIn(setCookie.substring(0, setCookie.indexOf(';')), body.get("csrfToken").asText(),
                body.get("role").asText());
    }

    static String form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI base() {
        return base;
    }
}
