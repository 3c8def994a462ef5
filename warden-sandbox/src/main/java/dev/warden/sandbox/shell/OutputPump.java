package dev.warden.sandbox.shell;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one output source (a pty master, a pipe, a spool file) until it ends and delivers it in chunks —
 * the agent's {@code writePump}: reads of at most {@code payloadSize} bytes (less the separator prefix, if
 * any), the prefix rule of {@link SeparatorPrefixer}, the UTF-8 carry of {@link Utf8Carry}, and no other
 * batching. It asks the {@link OutputGate} before every read, which is how pausing becomes back-pressure.
 *
 * <p>Unlike the agent, bytes still carried when the source ends are delivered rather than dropped.
 */
final class OutputPump {

    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);

    private final InputStream source;
    private final OutputKind kind;
    private final int payloadSize;
    private final SeparatorPrefixer prefixer;
    private final OutputGate gate;
    private final CallbackDispatcher dispatcher;

    /**
     * @param payloadSize the largest chunk the agent sends before UTF-8 carry (1024); a separator prefix
     *     counts against it, as in the agent
     * @param prefix the separator prefix, empty for none
     */
    OutputPump(InputStream source, OutputKind kind, int payloadSize, byte[] prefix, OutputGate gate,
               CallbackDispatcher dispatcher) {
        if (prefix.length >= payloadSize) {
            throw new IllegalArgumentException("prefix leaves no room in a " + payloadSize + "-byte payload");
        }
        this.source = source;
        this.kind = kind;
        this.payloadSize = payloadSize;
        this.prefixer = new SeparatorPrefixer(prefix);
        this.gate = gate;
        this.dispatcher = dispatcher;
    }

    /**
     * Pumps until the source ends, the gate closes or the listener is silenced. Runs on the calling thread
     * (a dedicated reader thread). A read error counts as the end of the source: for a pty that is how the
     * end of the shell shows.
     */
    void run() {
        Utf8Carry carry = new Utf8Carry();
        byte[] buffer = new byte[payloadSize - prefixer.prefixLength()];
        boolean sourceEnded = false;
        try {
            while (gate.awaitOpen()) {
                int read = source.read(buffer, 0, buffer.length);
                if (read < 0) {
                    sourceEnded = true;
                    break;
                }
                if (read == 0) {
                    continue;
                }
                byte[] withPrefix = prefixer.apply(buffer, read);
                byte[] chunk = carry.accept(withPrefix, 0, withPrefix.length);
                if (chunk.length > 0 && !dispatcher.deliverOutput(kind, chunk)) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("{} source ended with {}", kind, e.toString());
            sourceEnded = true;
        }
        byte[] rest = carry.drain();
        if (sourceEnded && rest.length > 0) {
            dispatcher.deliverOutput(kind, rest);
        }
    }
}
