package dev.warden.sandbox.agent.port;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import io.netty.channel.ConnectTimeoutException;

/**
 * Dial failures in the words of Go's {@code net.Dial}, which is what the agent reports (e.g.
 * {@code Unable to connect to specified port: dial tcp 127.0.0.1:22: connect: connection refused}). The address
 * is the one the agent dialled on the instance, not the sandbox's loopback mapping.
 */
final class GoDialErrors {

    private GoDialErrors() {
    }

    static String refused(String shownAddress) {
        return "dial tcp " + shownAddress + ": connect: connection refused";
    }

    /** The Go text for a failed connect to {@code shownAddress}. */
    static String describe(Throwable failure, String shownAddress) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause
                && !(cause instanceof ConnectException) && !(cause instanceof UnknownHostException)) {
            cause = cause.getCause();
        }
        if (cause instanceof ConnectTimeoutException) {
            return "dial tcp " + shownAddress + ": i/o timeout";
        }
        if (cause instanceof NoRouteToHostException) {
            return "dial tcp " + shownAddress + ": connect: no route to host";
        }
        if (cause instanceof UnknownHostException) {
            String host = shownAddress.substring(0, Math.max(0, shownAddress.lastIndexOf(':')));
            return "dial tcp: lookup " + host + ": no such host";
        }
        if (cause instanceof ConnectException) {
            return refused(shownAddress);
        }
        return "dial tcp " + shownAddress + ": " + cause.getClass().getSimpleName();
    }
}
