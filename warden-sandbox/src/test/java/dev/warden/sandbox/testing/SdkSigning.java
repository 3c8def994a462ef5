package dev.warden.sandbox.testing;

import dev.warden.sandbox.auth.SignedHttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Signs requests with the AWS SDK's own SigV4 signer: the independent oracle for the sandbox's verifier. */
public final class SdkSigning {

    private SdkSigning() {
    }

    /** Signs with the SDK signer as of {@code at}; {@code sessionToken} may be null. */
    public static SignedRequest sign(SdkHttpRequest request, byte[] body, String accessKeyId, String secret,
                                     String sessionToken, String region, String service, Instant at) {
        AwsCredentialsIdentity identity = sessionToken == null
                ? AwsCredentialsIdentity.create(accessKeyId, secret)
                : AwsSessionCredentialsIdentity.create(accessKeyId, secret, sessionToken);
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
    }

    /** The signed request as a server would receive it. */
    public static SignedHttpRequest asReceived(SignedRequest signed, byte[] body) {
        SdkHttpRequest r = signed.request();
        return new SignedHttpRequest(r.method().name(), r.encodedPath(), r.encodedQueryParameters().orElse(""),
                r.headers(), body);
    }
}
