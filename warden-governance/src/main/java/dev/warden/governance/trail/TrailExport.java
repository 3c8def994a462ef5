package dev.warden.governance.trail;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes the trail as JSON lines, one record per line, in chain order. The payload is embedded verbatim (the
 * exact text that was hashed), so a reader can recompute every hash from the export alone.
 */
public final class TrailExport {

    private TrailExport() {
    }

    /** Returns the number of records written. */
    public static long write(AuditTrail trail, Writer out) {
        long[] count = {0};
        trail.forEach(r -> {
            try {
                JsonGenerator g = Payloads.mapper().getFactory().createGenerator(out);
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeNumberField("seq", r.seq());
                g.writeStringField("recordedAt", r.recordedAt().toString());
                g.writeStringField("kind", r.kind().name());
                g.writeStringField("accountId", r.subject().accountId());
                g.writeStringField("region", r.subject().region());
                g.writeStringField("sessionId", r.subject().sessionId());
                g.writeStringField("target", r.subject().target());
                g.writeFieldName("payload");
                g.writeRawValue(r.payload());
                g.writeStringField("prevHash", r.prevHash());
                g.writeStringField("hash", r.hash());
                g.writeEndObject();
                g.flush();
                out.write('\n');
                count[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the export: " + e.getMessage(), e);
            }
        });
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export: " + e.getMessage(), e);
        }
        return count[0];
    }
}
