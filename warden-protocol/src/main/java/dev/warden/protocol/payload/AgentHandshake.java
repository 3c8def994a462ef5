package dev.warden.protocol.payload;

import dev.warden.protocol.version.VersionGates;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's side of the handshake, for an emulated agent (agent-side.md §2.5): when to handshake, how to
 * judge the client's HandshakeResponse, and what HandshakeComplete says.
 */
public final class AgentHandshake {

    /** The CustomerMessage line for an encrypted session. */
    public static final String ENCRYPTED_MESSAGE = "This session is encrypted using AWS KMS.";
    /** The CustomerMessage line for clients too old for separate stdout/stderr (the agent's exact text). */
    public static final String SEPARATE_OUTPUT_WARNING = "Please update session manager plugin version (minimum "
            + "required version 1.2.312.0) for fully support of separate StdOut/StdErr output.\r\n";

    private AgentHandshake() {
    }

    /** KMS encryption is on when a key is configured, except for Port sessions, which are never encrypted. */
    public static boolean usesEncryption(String sessionType, String kmsKeyId) {
        return kmsKeyId != null && !kmsKeyId.isEmpty() && !SessionTypes.PORT.equals(sessionType);
    }

    /**
     * Port and NonInteractiveCommands sessions always handshake; the interactive shell types only when
     * encrypted. Without a handshake the client learns the session type from the first Output message.
     */
    public static boolean requiresHandshake(String sessionType, boolean encrypted) {
        return encrypted || SessionTypes.PORT.equals(sessionType)
                || SessionTypes.NON_INTERACTIVE_COMMANDS.equals(sessionType);
    }

    /** The agent's verdict on a HandshakeResponse. */
    public sealed interface Verdict permits Accepted, Rejected {
    }

    /**
     * The client accepted every action.
     *
     * @param clientVersion the version the agent's gates test from now on
     * @param kmsEncryption the client's KMS result when encryption was requested: decrypt its
     *                      {@code cipherTextKey} with KMS (adding the random challenge to the encryption
     *                      context when acknowledged) and build the agent cipher from the plaintext
     */
    public record Accepted(String clientVersion, Optional<KmsEncryptionResult> kmsEncryption) implements Verdict {
        public Accepted {
            Objects.requireNonNull(clientVersion, "clientVersion");
            Objects.requireNonNull(kmsEncryption, "kmsEncryption");
        }
    }

    /**
     * The handshake failed and the session must be cancelled.
     *
     * @param reason the agent's error text, e.g. {@code "SessionType failed on client with status 2 error: …"}
     */
    public record Rejected(String reason) implements Verdict {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Judges the client's response as the agent does: every action with a status other than 1 is an error
     * {@code "<ActionType> failed on client with status <n> error: <Error>"} (the agent keeps the last one);
     * successful actions of unknown types are ignored.
     *
     * <p>Stricter than the agent in one way: when encryption was requested and the response carries no
     * successful KMSEncryption result, the handshake is rejected here. The agent would carry on and fail
     * later, at the encryption challenge, without a key.
     *
     * @param encryptionRequested              whether the request carried a KMSEncryption action
     * @param challengeAcknowledgementRequired the agent's {@code RequireKMSChallengeResponse} setting
     */
    public static Verdict check(HandshakeResponse response, boolean encryptionRequested,
                                boolean challengeAcknowledgementRequired) {
        String error = null;
        KmsEncryptionResult kms = null;
        for (ProcessedClientAction action : response.processedClientActions()) {
            if (!action.isSuccess()) {
                error = action.actionType() + " failed on client with status " + action.actionStatus()
                        + " error: " + action.error();
            } else if (ActionTypes.KMS_ENCRYPTION.equals(action.actionType())) {
                if (!(action.actionResult() instanceof KmsEncryptionResult result)) {
                    error = "KMSEncryption succeeded on client without a KMSCipherTextKey";
                } else if (challengeAcknowledgementRequired && !result.challengeAcknowledgement()) {
                    error = "client does not support required encryption context random challenge";
                } else {
                    kms = result;
                }
            }
        }
        if (error != null) {
            return new Rejected(error);
        }
        if (encryptionRequested && kms == null) {
            return new Rejected("KMSEncryption was requested but not processed by the client");
        }
        return new Accepted(response.clientVersion(), Optional.ofNullable(kms));
    }

    /**
     * The agent's CustomerMessage: the separate-output warning for a NonInteractiveCommands session with
     * separate output streams and a client at or below 1.2.295, then the KMS line when encrypted.
     */
    public static String customerMessage(String clientVersion, boolean separateOutputStreams, boolean encrypted) {
        String message = "";
        if (separateOutputStreams && VersionGates.clientNeedsSeparateOutputWarning(clientVersion)) {
            message += SEPARATE_OUTPUT_WARNING;
        }
        if (encrypted) {
            message += ENCRYPTED_MESSAGE;
        }
        return message;
    }

    /** The HandshakeComplete payload for a handshake that took {@code elapsed}. */
    public static HandshakeComplete complete(Duration elapsed, String clientVersion, boolean separateOutputStreams,
                                             boolean encrypted) {
        return HandshakeComplete.of(elapsed, customerMessage(clientVersion, separateOutputStreams, encrypted));
    }
}
