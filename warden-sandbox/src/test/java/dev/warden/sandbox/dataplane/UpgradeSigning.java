package dev.warden.sandbox.dataplane;

import dev.warden.sandbox.testing.SdkSigning;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Signs a websocket upgrade of a StreamUrl for {@code ssmmessages} with the AWS SDK's signer, from the URL's
 * decoded query parameters (as the official plugin's Go signer sees them), and returns the headers to send with
 * the upgrade. Host is left out: the websocket client sets it to the same authority.
 */
final class UpgradeSigning {

    private UpgradeSigning() {
    }

    static Map<String, String> headers(String streamUrl, String accessKeyId, String secret, String sessionToken,
                                       String region, Instant at) {
        URI url = URI.create(streamUrl);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("http")
                .host(url.getHost()).port(url.getPort()).encodedPath(url.getRawPath());
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            request.putRawQueryParameter(pair.substring(0, eq),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        var signed = SdkSigning.sign(request.build(), new byte[0], accessKeyId, secret, sessionToken, region,
                "ssmmessages", at);
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                headers.put(name, values.get(0));
            }
        });
        return headers;
    }
}
