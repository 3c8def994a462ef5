package dev.warden.client.transport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * TLS for {@code wss://} data channels: the JDK provider, host name verification on, and either the JDK's default
 * trust store or a custom one (for endpoints with private certificates, such as a local sandbox).
 */
public final class TlsSettings {

    private static final TlsSettings DEFAULTS = new TlsSettings(null);

    private final TrustManagerFactory trustManagers;
    private volatile SslContext context;

    private TlsSettings(TrustManagerFactory trustManagers) {
        this.trustManagers = trustManagers;
    }

    /** The JDK's default trust store. */
    public static TlsSettings defaults() {
        return DEFAULTS;
    }

    /** Trusts exactly the certificates of {@code trustManagers}. */
    public static TlsSettings trusting(TrustManagerFactory trustManagers) {
        return new TlsSettings(Objects.requireNonNull(trustManagers, "trustManagers"));
    }

    /** Trusts exactly the certificates in {@code trustStore}. */
    public static TlsSettings trusting(KeyStore trustStore) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(Objects.requireNonNull(trustStore, "trustStore"));
            return new TlsSettings(factory);
        } catch (NoSuchAlgorithmException | KeyStoreException e) {
            throw new IllegalArgumentException("cannot use the trust store: " + e.getMessage(), e);
        }
    }

    /** The Netty client context, built once. */
    SslContext sslContext() throws SSLException {
        SslContext built = context;
        if (built == null) {
            synchronized (this) {
                built = context;
                if (built == null) {
                    SslContextBuilder builder = SslContextBuilder.forClient()
                            .sslProvider(SslProvider.JDK)
                            .endpointIdentificationAlgorithm("HTTPS");
                    if (trustManagers != null) {
                        builder.trustManager(trustManagers);
                    }
                    built = builder.build();
                    context = built;
                }
            }
        }
        return built;
    }

    @Override
    public String toString() {
        return trustManagers == null ? "TlsSettings[default trust store]" : "TlsSettings[custom trust store]";
    }
}
