package dev.warden.client.port;

import java.util.Objects;

/**
 * Whether and where a port session listens for local TCP connections (basic and multiplexed modes; a byte-stream
 * session, such as AWS-StartSSHSession, has exactly one stream and never listens). Connections are accepted on
 * the loopback address only.
 */
public final class LocalPort {

    private static final LocalPort NONE = new LocalPort(false, null);
    private static final LocalPort FROM_DOCUMENT = new LocalPort(true, null);

    private final boolean listen;
    private final Integer port;

    private LocalPort(boolean listen, Integer port) {
        this.listen = listen;
        this.port = port;
    }

    /** No listener: streams only through {@link PortSession#openStream()}. */
    public static LocalPort none() {
        return NONE;
    }

    /** Listens on {@code port} (0 for any free port). */
    public static LocalPort listen(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        return new LocalPort(true, port);
    }

    /** Listens on the session document's {@code localPortNumber}, or any free port when it names none (as the plugin). */
    public static LocalPort asDocumentSays() {
        return FROM_DOCUMENT;
    }

    boolean listens() {
        return listen;
    }

    /** The port to bind, given the document's {@code localPortNumber} property (may be null). */
    int portFor(String documentLocalPort) {
        if (port != null) {
            return port;
        }
        if (documentLocalPort == null || documentLocalPort.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(documentLocalPort.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the document's localPortNumber is not a port: " + documentLocalPort);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalPort other && listen == other.listen && Objects.equals(port, other.port);
    }

    @Override
    public int hashCode() {
        return Objects.hash(listen, port);
    }

    @Override
    public String toString() {
        return !listen ? "LocalPort[none]" : port == null ? "LocalPort[as the document says]"
                : "LocalPort[" + port + "]";
    }
}
