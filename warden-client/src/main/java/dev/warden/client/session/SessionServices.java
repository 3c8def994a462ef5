package dev.warden.client.session;

import dev.warden.client.ClientOptions;
import dev.warden.client.auth.UpgradeSigner;
import dev.warden.client.resume.Backoff;
import dev.warden.client.resume.SessionApi;
import dev.warden.client.transport.WebSocketConnector;
import software.amazon.awssdk.services.kms.KmsClient;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * What every session of one client shares: options, the SSM client and the KMS client (built when first asked
 * for; it may give null when none is configured), the websocket connector and signer,
 * the executor for blocking calls, and the ClientId (one per client, reused on reconnects).
 */
public record SessionServices(ClientOptions options, SessionApi api, Supplier<KmsClient> kms,
                              WebSocketConnector connector,
                              UpgradeSigner signer, Executor blocking, UUID clientId) {

    public SessionServices {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(kms, "kms");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(blocking, "blocking");
        Objects.requireNonNull(clientId, "clientId");
    }

    ConnectionOpener opener() {
        return new ConnectionOpener(connector, signer, api, options.signUpgrade(), blocking, clientId,
                options.clientVersion());
    }

    Backoff backoff() {
        return new Backoff(options.backoffInitial(), options.backoffMax(),
                () -> ThreadLocalRandom.current().nextDouble());
    }
}
