package dev.warden.client.transport;

/**
 * The TLS handshake with the data channel endpoint failed: an untrusted or mismatched certificate, or no common
 * protocol. Configure a trust store ({@link TlsSettings}) for endpoints with private certificates.
 */
public final class TlsHandshakeException extends DataChannelConnectException {

    private static final long serialVersionUID = 1L;

    public TlsHandshakeException(String endpoint, Throwable cause) {
        super(endpoint, "TLS handshake with " + endpoint + " failed: " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
