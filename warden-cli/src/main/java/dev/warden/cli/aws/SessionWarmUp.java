package dev.warden.cli.aws;

import dev.warden.client.transport.WebSocketConnector;
import dev.warden.client.transport.WebSocketSettings;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Start-up work done ahead, on a second thread, while the main thread parses the command line and sets up logging.
 * The first AWS SDK client of a JVM runs much one-time code (class initialisation, the TLS context and its trust
 * store, the SDK's defaults and endpoint rules), and so does the first data-channel connection (Netty's pipeline):
 * a throwaway SSM client is built and closed, without any call or credentials, and the connection's set-up is
 * prepared, so that the session's own client, built moments later, finds that work done.
 */
public final class SessionWarmUp {

    private SessionWarmUp() {
    }

    /** Starts the warm-up on a daemon thread; it never fails the command. */
    public static void start() {
        Thread thread = new Thread(SessionWarmUp::runNow, "warden-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Does the warm-up on this thread (the resident process does, before it serves); it never fails. */
    public static void runNow() {
        try (SsmClient unused = SsmClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            new WebSocketConnector(WebSocketSettings.defaults()).prepare(false);
        } catch (RuntimeException e) {
            // only a head start: the session's own client meets and reports any real problem
        }
    }
}
