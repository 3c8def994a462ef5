package dev.warden.client.port;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Whether and where a port session listens for local TCP connections (basic and multiplexed modes; a byte-stream
 * session, such as AWS-StartSSHSession, has exactly one stream and never listens). Connections are accepted on
 * the loopback address unless a bind address is given.
 */
public final class LocalPort {

    private static final LocalPort NONE = new LocalPort(false, null, null);
    private static final LocalPort FROM_DOCUMENT = new LocalPort(true, null, null);

    private final boolean listen;
    private final Integer port;
    private final InetAddress bind;

    private LocalPort(boolean listen, Integer port, InetAddress bind) {
        this.listen = listen;
        this.port = port;
        this.bind = bind;
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
        return new LocalPort(true, port, null);
    }

    /**
     * Listens on {@code port} (0 for any free port) of {@code bind}, an address of this machine: a loopback
     * address, a wildcard address (every interface) or one interface's address.
     */
    public static LocalPort listen(InetAddress bind, int port) {
        LocalPort checked = listen(port);
        return new LocalPort(true, checked.port, Objects.requireNonNull(bind, "bind"));
    }

    /** Listens on the session document's {@code localPortNumber}, or any free port when it names none (as the plugin). */
    public static LocalPort asDocumentSays() {
        return FROM_DOCUMENT;
    }

    /** The address to listen on: the one given, else the loopback address. */
    InetAddress bindAddress() {
        return bind != null ? bind : InetAddress.getLoopbackAddress();
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
        return o instanceof LocalPort other && listen == other.listen && Objects.equals(port, other.port)
                && Objects.equals(bind, other.bind);
    }

    @Override
    public int hashCode() {
        return Objects.hash(listen, port, bind);
    }

    @Override
    public String toString() {
        return !listen ? "LocalPort[none]" : port == null ? "LocalPort[as the document says]"
                : "LocalPort[" + (bind == null ? "" : bind.getHostAddress() + " ") + port + "]";
    }
}
