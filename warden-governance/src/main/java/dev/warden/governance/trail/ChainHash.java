package dev.warden.governance.trail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The hash that chains audit records. A record's hash is SHA-256 over its canonical encoding: the fields
 * below, in this order, each written as a netstring ({@code <byte length>:<UTF-8 bytes>,}), so that no choice of
 * field values can make two different records encode alike:
 *
 * <pre>
 *   "warden-audit-1", seq (decimal), recordedAt (epoch milliseconds, decimal), kind,
 *   accountId, region, sessionId, target (absent = empty), payload, prevHash (64 lower-case hex digits)
 * </pre>
 *
 * The hash is written as 64 lower-case hex digits. Documented in docs/governance.md ("The audit chain").
 */
public final class ChainHash {

    /** The previous hash of the first record. */
    public static final String GENESIS = "0".repeat(64);

    static final String VERSION = "warden-audit-1";

    private ChainHash() {
    }

    public static String of(long seq, Instant recordedAt, RecordKind kind, Subject subject, String payload,
                            String prevHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + payload.length());
        netstring(out, VERSION);
        netstring(out, Long.toString(seq));
        netstring(out, Long.toString(recordedAt.toEpochMilli()));
        netstring(out, kind.name());
        netstring(out, subject.accountId());
        netstring(out, subject.region());
        netstring(out, subject.sessionId());
        netstring(out, subject.target());
        netstring(out, payload);
        netstring(out, prevHash);
        return HexFormat.of().formatHex(sha256().digest(out.toByteArray()));
    }

    /** The hash a stored record should have. */
    public static String of(AuditRecord r) {
        return of(r.seq(), r.recordedAt(), r.kind(), r.subject(), r.payload(), r.prevHash());
    }

    private static void netstring(ByteArrayOutputStream out, String value) {
        byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
        out.writeBytes(bytes);
        out.write(',');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
