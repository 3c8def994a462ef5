package dev.warden.cli.govern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code HOST:PORT} of a listener ({@code 127.0.0.1:8080}, {@code 0.0.0.0:0} for a free port). */
record ListenAddress(String host, int port) {

    /** Reads {@code HOST:PORT} on the command line. */
    static final class Converter implements ITypeConverter<ListenAddress> {
        @Override
        public ListenAddress convert(String value) {
            int colon = value.lastIndexOf(':');
            String host = colon <= 0 ? "" : value.substring(0, colon).replaceAll("^\\[|]$", "");
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (host.isEmpty() || port < 0 || port > 65535) {
                throw new TypeConversionException("expected HOST:PORT (e.g. 127.0.0.1:8080; port 0 for a free one), was '"
                        + value + "'");
            }
            return new ListenAddress(host, port);
        }
    }
}
