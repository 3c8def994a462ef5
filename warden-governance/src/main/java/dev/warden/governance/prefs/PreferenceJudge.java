package dev.warden.governance.prefs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares the {@code inputs} of a Standard_Stream or Port Session document with what the policy requires, and
 * computes the inputs that would fix what can be fixed. Pure: no I/O.
 */
public final class PreferenceJudge {

    /** The findings, and the inputs with every remediable finding fixed. */
    public record Result(List<PreferenceFinding> findings, ObjectNode remediatedInputs) {
    }

    private PreferenceJudge() {
    }

    public static Result judge(RequiredPreferences required, String document, String version, ObjectNode inputs) {
        List<PreferenceFinding> findings = new ArrayList<>();
        ObjectNode fixed = inputs.deepCopy();
        judgeLimits(required, document, version, inputs, findings, fixed);
        judgeLoggingAndIdentity(required, document, version, inputs, findings, fixed);
        return new Result(findings, fixed);
    }

    /**
     * A Port session document: only the two limits apply to port sessions (they are not logged, the agent never
     * encrypts them with KMS, and runAs is a shell setting). A Port document that sets neither limit leaves its
     * sessions to the account's preferences, audited on their own: no finding. One that sets either is judged
     * on both, as a shell document is: an idle timeout without a maximum is the classic gap.
     */
    public static Result judgePort(RequiredPreferences required, String document, String version,
                                   ObjectNode inputs) {
        List<PreferenceFinding> findings = new ArrayList<>();
        ObjectNode fixed = inputs.deepCopy();
        if (!text(inputs, "idleSessionTimeout").isEmpty() || !text(inputs, "maxSessionDuration").isEmpty()) {
            judgeLimits(required, document, version, inputs, findings, fixed);
        }
        return new Result(findings, fixed);
    }

    private static void judgeLimits(RequiredPreferences required, String document, String version, ObjectNode inputs,
                                    List<PreferenceFinding> findings, ObjectNode fixed) {
        long idle = required.idle().toMinutes();
        long max = required.max().toMinutes();

        String idleText = text(inputs, "idleSessionTimeout");
        // AWS applies 20 minutes when the input is empty.
        long actualIdle = minutes(idleText, 20);
        if (actualIdle > idle) {
            findings.add(new PreferenceFinding(document, version, "idleSessionTimeout", "<= " + idle,
                    idleText.isEmpty() ? "empty (AWS applies 20)" : idleText, true));
            fixed.put("idleSessionTimeout", Long.toString(idle));
        }
        String maxText = text(inputs, "maxSessionDuration");
        long actualMax = minutes(maxText, Long.MAX_VALUE);
        if (actualMax > max) {
            findings.add(new PreferenceFinding(document, version, "maxSessionDuration", "<= " + max,
                    maxText.isEmpty() ? "empty: no maximum (an idle timeout alone never ends an active session)"
                            : maxText, true));
            fixed.put("maxSessionDuration", Long.toString(max));
        }
    }

    private static void judgeLoggingAndIdentity(RequiredPreferences required, String document, String version,
                                                ObjectNode inputs, List<PreferenceFinding> findings,
                                                ObjectNode fixed) {
        if (required.s3Logging() && text(inputs, "s3BucketName").isEmpty()) {
            findings.add(new PreferenceFinding(document, version, "s3BucketName", "a bucket", "empty", false));
        }
        if (required.s3Encrypted() && !bool(inputs, "s3EncryptionEnabled")) {
            findings.add(new PreferenceFinding(document, version, "s3EncryptionEnabled", "true",
                    text(inputs, "s3EncryptionEnabled"), true));
            fixed.put("s3EncryptionEnabled", true);
        }
        if (required.cloudWatchLogging() && text(inputs, "cloudWatchLogGroupName").isEmpty()) {
            findings.add(new PreferenceFinding(document, version, "cloudWatchLogGroupName", "a log group", "empty",
                    false));
        }
        if (required.cloudWatchEncrypted() && !bool(inputs, "cloudWatchEncryptionEnabled")) {
            findings.add(new PreferenceFinding(document, version, "cloudWatchEncryptionEnabled", "true",
                    text(inputs, "cloudWatchEncryptionEnabled"), true));
            fixed.put("cloudWatchEncryptionEnabled", true);
        }
        required.kmsKey().ifPresent(key -> {
            if (!key.equals(text(inputs, "kmsKeyId"))) {
                findings.add(new PreferenceFinding(document, version, "kmsKeyId", key,
                        orEmpty(text(inputs, "kmsKeyId")), true));
                fixed.put("kmsKeyId", key);
            }
        });
        required.runAs().ifPresent(user -> {
            if (!bool(inputs, "runAsEnabled") || !user.equals(text(inputs, "runAsDefaultUser"))) {
                findings.add(new PreferenceFinding(document, version, "runAsDefaultUser", user + " (runAsEnabled)",
                        bool(inputs, "runAsEnabled") ? orEmpty(text(inputs, "runAsDefaultUser")) : "runAs disabled",
                        true));
                fixed.put("runAsEnabled", true);
                fixed.put("runAsDefaultUser", user);
            }
        });
    }

    private static String text(JsonNode inputs, String key) {
        JsonNode v = inputs.get(key);
        return v == null || v.isNull() ? "" : v.asText().trim();
    }

    private static boolean bool(JsonNode inputs, String key) {
        JsonNode v = inputs.get(key);
        return v != null && (v.isBoolean() ? v.asBoolean() : "true".equalsIgnoreCase(v.asText()));
    }

    private static long minutes(String text, long whenEmpty) {
        if (text.isEmpty()) {
            return whenEmpty;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            // Not a number: AWS would not accept it either; treat as not enforcing anything.
            return Long.MAX_VALUE;
        }
    }

    private static String orEmpty(String s) {
        return s.isEmpty() ? "empty" : s;
    }
}
