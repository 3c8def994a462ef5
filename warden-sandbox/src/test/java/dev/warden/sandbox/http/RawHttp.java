package dev.warden.sandbox.http;

import dev.warden.sandbox.testing.SandboxFixture;
import dev.warden.sandbox.testing.SdkSigning;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/** Sends hand-made requests to the sandbox, signed by the AWS SDK's signer or not at all. */
final class RawHttp {

    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI endpoint;

    RawHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** A POST / signed as Alice for {@code service}, with the given headers and body. */
    HttpResponse<String> signedPost(String service, String contentType, String target, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).protocol("http")
                .host(endpoint.getHost()).port(endpoint.getPort()).encodedPath("/");
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        if (target != null) {
            request.putHeader("X-Amz-Target", target);
        }
        SignedRequest signed = SdkSigning.sign(request.build(), body, SandboxFixture.ALICE.accessKeyId(),
                SandboxFixture.ALICE.secretAccessKey(), null, "us-east-1", service, Instant.now());
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return send(http.build());
    }

    HttpResponse<String> signedJson(String target, String body) {
        String service = target.startsWith("TrentService") ? "kms" : "ssm";
        return signedPost(service, "application/x-amz-json-1.1", target, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    HttpResponse<String> unsigned(String method, String path, String contentType, String target, String body) {
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            http.header("Content-Type", contentType);
        }
        if (target != null) {
            http.header("X-Amz-Target", target);
        }
        return send(http.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
