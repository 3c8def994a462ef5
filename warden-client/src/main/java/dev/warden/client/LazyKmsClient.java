package dev.warden.client;

import java.util.function.Supplier;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The client's KMS client, built on first use: only sessions whose preferences ask for encryption call KMS, and
 * building an SDK client is a noticeable part of a short command's start-up. Thread-safe.
 */
final class LazyKmsClient implements Supplier<KmsClient>, AutoCloseable {

    private final Supplier<KmsClient> factory;
    private KmsClient client;
    private boolean closed;

    LazyKmsClient(Supplier<KmsClient> factory) {
        this.factory = factory;
    }

    @Override
    public synchronized KmsClient get() {
        if (client == null && !closed) {
            client = factory.get();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
        }
    }
}
