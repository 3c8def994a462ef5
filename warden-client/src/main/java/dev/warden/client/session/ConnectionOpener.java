package dev.warden.client.session;

import dev.warden.client.SessionCoordinates;
import dev.warden.client.auth.UpgradeSignature;
import dev.warden.client.auth.UpgradeSigner;
import dev.warden.client.resume.SessionApi;
import dev.warden.client.transport.ConnectionListener;
import dev.warden.client.transport.DataChannelConnectException;
import dev.warden.client.transport.EndpointUnreachableException;
import dev.warden.client.transport.WebSocketConnection;
import dev.warden.client.transport.WebSocketConnector;
import dev.warden.protocol.payload.ClientOpenDataChannel;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Opens one data-channel connection for given coordinates: resolves credentials from the provider and signs the
 * upgrade (both off the event loop, as they may block), resolves the host, dials, and sends OpenDataChannel with
 * a fresh RequestId, this process's ClientId and the current token.
 */
final class ConnectionOpener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionOpener.class);

    private final WebSocketConnector connector;
    private final UpgradeSigner signer;
    private final SessionApi api;
    private final boolean sign;
    private final Executor blocking;
    private final UUID clientId;
    private final String clientVersion;

    ConnectionOpener(WebSocketConnector connector, UpgradeSigner signer, SessionApi api, boolean sign,
                     Executor blocking, UUID clientId, String clientVersion) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.api = api;
        this.sign = sign;
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientVersion = Objects.requireNonNull(clientVersion, "clientVersion");
    }

    /** Opens a connection; the future completes on {@code loop} (see {@link WebSocketConnector#connect}). */
    CompletableFuture<WebSocketConnection> open(EventLoop loop, SessionCoordinates coordinates,
                                                ConnectionListener listener) {
        return CompletableFuture.supplyAsync(() -> prepare(coordinates), blocking)
                .thenCompose(dial -> connector.connect(loop, dial, listener));
    }

    private WebSocketConnector.Dial prepare(SessionCoordinates coordinates) {
        URI url = coordinates.streamUri();
        UpgradeSignature signature = UpgradeSignature.unsigned();
        Instant expiry = null;
        if (sign && api != null && !UpgradeSigner.isPresigned(url)) {
            try {
                AwsCredentials credentials = api.resolveCredentials();
                signature = signer.sign(url, credentials, Instant.now());
                expiry = credentials.expirationTime().orElse(null);
            } catch (RuntimeException e) {
                // As the official client: without credentials the upgrade goes unsigned; the service decides.
                log.warn("Session {}: no credentials to sign the data channel upgrade ({}); connecting unsigned",
                        coordinates.sessionId(), e.getMessage());
            }
        }
        InetSocketAddress address = resolve(url);
        String open = ClientOpenDataChannel.of(UUID.randomUUID(), coordinates.tokenValue(), clientId, clientVersion)
                .encodeToString();
        return new WebSocketConnector.Dial(url, address, signature.headers(), open, expiry,
                signature.signedBy().orElse(null));
    }

    private static InetSocketAddress resolve(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : ("wss".equals(scheme) || "https".equals(scheme)) ? 443 : 80;
        try {
            return new InetSocketAddress(InetAddress.getByName(url.getHost()), port);
        } catch (UnknownHostException e) {
            throw new CompletionException(new EndpointUnreachableException(DataChannelConnectException.describe(url),
                    "unknown host " + url.getHost(), e));
        }
    }
}
