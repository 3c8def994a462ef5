package dev.warden.sandbox.agent;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.crypto.EncryptionChallenge;
import dev.warden.protocol.crypto.IssuedChallenge;
import dev.warden.protocol.crypto.SessionCipher;
import dev.warden.protocol.crypto.SessionDataKey;
import dev.warden.protocol.payload.AgentHandshake;
import dev.warden.protocol.payload.EncChallengeRequest;
import dev.warden.protocol.payload.EncChallengeResponse;
import dev.warden.protocol.payload.HandshakeRequest;
import dev.warden.protocol.payload.HandshakeResponse;
import dev.warden.protocol.payload.KmsEncryptionAction;
import dev.warden.protocol.payload.KmsEncryptionResult;
import dev.warden.protocol.payload.SessionTypeAction;
import dev.warden.protocol.payload.SessionTypes;
import io.netty.channel.EventLoop;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The agent's side of the handshake (agent-side.md §2.5): HandshakeRequest, then the client's HandshakeResponse
 * within the timeout; for an encrypted session KMS Decrypt of the client's data key and the encryption challenge;
 * then HandshakeComplete. Each step has its own timeout, started when the agent sends its message, as the agent's
 * 15 s {@code handshakeTimeout}. Confined to the session's event loop.
 */
final class HandshakeFlow {

    /** What the session learns from the handshake. */
    interface Listener {
        /** Done: the plugin may start. {@code cipher} is set for an encrypted session. */
        void onHandshakeComplete(String clientVersion, Optional<SessionCipher> cipher);

        /** Failed: the session ends with this error (already in the agent's words). */
        void onHandshakeFailed(String error);
    }

    private enum Step { NOT_STARTED, AWAITING_RESPONSE, AWAITING_CHALLENGE, ANSWERED, COMPLETE, FAILED }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgentSessionSpec spec;
    private final AgentOutput output;
    private final EventLoop loop;
    private final Executor nextStep;
    private final Listener listener;
    private final boolean encrypted;
    private final boolean separateOutputStreams;

    private Step step = Step.NOT_STARTED;
    private KmsEncryptionAction kmsAction;
    private long startedNanos;
    private ScheduledFuture<?> timeout;
    private SessionCipher cipher;
    private IssuedChallenge challenge;
    private String clientVersion;

    /**
     * @param nextStep runs the step after a client answer later on the loop, so that the answer is acknowledged
     *                 before the agent's next message goes out, as with the agent's handshake goroutine
     */
    HandshakeFlow(AgentSessionSpec spec, AgentOutput output, EventLoop loop, Executor nextStep, Listener listener) {
        this.spec = spec;
        this.output = output;
        this.loop = loop;
        this.nextStep = nextStep;
        this.listener = listener;
        this.encrypted = AgentHandshake.usesEncryption(spec.sessionType(), spec.preferences().kmsKeyId());
        this.separateOutputStreams = SessionTypes.NON_INTERACTIVE_COMMANDS.equals(spec.sessionType())
                && CommandProperties.of(spec.document().properties()).separateOutputStream();
    }

    /** Whether this session handshakes at all: Port and NonInteractiveCommands always, shells only with KMS. */
    boolean isRequired() {
        return AgentHandshake.requiresHandshake(spec.sessionType(), encrypted);
    }

    /** Whether the handshake is under way, so that other client payloads are acknowledged and dropped. */
    boolean inProgress() {
        return step == Step.AWAITING_RESPONSE || step == Step.AWAITING_CHALLENGE || step == Step.ANSWERED;
    }

    void begin() {
        SessionTypeAction sessionType = SessionTypes.PORT.equals(spec.sessionType())
                ? new SessionTypeAction(spec.sessionType(), GoMapJson.sortedCopy(spec.document().properties()))
                : SessionTypeAction.withoutProperties(spec.sessionType());
        kmsAction = encrypted ? KmsEncryptionAction.withRandomChallenge(spec.preferences().kmsKeyId(), RANDOM) : null;
        HandshakeRequest request = HandshakeRequest.of(spec.agentVersion(), sessionType, Optional.ofNullable(kmsAction));
        startedNanos = System.nanoTime();
        step = Step.AWAITING_RESPONSE;
        output.trySend(request);
        armTimeout(AgentTexts.HANDSHAKE_TIMED_OUT);
    }

    /** A HandshakeResponse (PayloadType 6). A payload that does not parse is refused, as by the agent. */
    Delivery onHandshakeResponse(byte[] payload) {
        if (step != Step.AWAITING_RESPONSE) {
            return Delivery.ACCEPTED;
        }
        Decoding<HandshakeResponse> decoded = HandshakeResponse.decode(payload);
        if (!decoded.isOk()) {
            return Delivery.NOT_READY;
        }
        AgentHandshake.Verdict verdict = AgentHandshake.check(decoded.value(), encrypted, false);
        step = Step.ANSWERED;
        nextStep.execute(() -> afterResponse(verdict));
        return Delivery.ACCEPTED;
    }

    private void afterResponse(AgentHandshake.Verdict verdict) {
        if (step != Step.ANSWERED) {
            return; // cancelled meanwhile
        }
        if (verdict instanceof AgentHandshake.Rejected rejected) {
            fail(rejected.reason());
            return;
        }
        AgentHandshake.Accepted accepted = (AgentHandshake.Accepted) verdict;
        clientVersion = accepted.clientVersion();
        if (accepted.kmsEncryption().isEmpty()) {
            complete();
            return;
        }
        Optional<SessionCipher> agentCipher = decryptDataKey(accepted.kmsEncryption().get());
        if (agentCipher.isEmpty()) {
            return;
        }
        cipher = agentCipher.get();
        challenge = EncryptionChallenge.issue(cipher, RANDOM);
        step = Step.AWAITING_CHALLENGE;
        output.trySend(new EncChallengeRequest(challenge.challenge()));
        armTimeout(AgentTexts.CHALLENGE_TIMED_OUT);
    }

    /** An EncChallengeResponse (PayloadType 9). */
    Delivery onEncChallengeResponse(byte[] payload) {
        if (step != Step.AWAITING_CHALLENGE) {
            return Delivery.ACCEPTED;
        }
        Decoding<EncChallengeResponse> decoded = EncChallengeResponse.decode(payload);
        if (!decoded.isOk()) {
            return Delivery.NOT_READY;
        }
        boolean confirmed = challenge.verify(decoded.value().challenge()) == IssuedChallenge.Verification.CONFIRMED;
        step = Step.ANSWERED;
        nextStep.execute(() -> {
            if (step != Step.ANSWERED) {
                return;
            }
            if (confirmed) {
                complete();
            } else {
                fail(AgentTexts.CHALLENGE_MISMATCH);
            }
        });
        return Delivery.ACCEPTED;
    }

    /** The session ends: no timeout may fire any more. */
    void cancel() {
        cancelTimeout();
        if (step != Step.COMPLETE) {
            step = Step.FAILED;
        }
    }

    /**
     * KMS Decrypt with the agent's encryption context: session, target, and the random challenge when the client
     * acknowledged it (agent-side.md §8).
     */
    private Optional<SessionCipher> decryptDataKey(KmsEncryptionResult result) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("aws:ssm:SessionId", spec.sessionId());
        context.put("aws:ssm:TargetId", spec.instance().instanceId());
        if (result.challengeAcknowledgement() && kmsAction.challenge() != null) {
            context.put("aws:ssm:RandomChallenge", kmsAction.challenge());
        }
        Optional<byte[]> plaintext = spec.kms().decrypt(result.cipherTextKey(), context);
        if (plaintext.isEmpty() || plaintext.get().length != SessionDataKey.LENGTH) {
            fail(AgentTexts.FETCHING_DATA_KEY_FAILED + "InvalidCiphertextException: the data key does not decrypt"
                    + " under key " + spec.preferences().kmsKeyId() + " with this session's encryption context");
            return Optional.empty();
        }
        byte[] key = plaintext.get();
        SessionDataKey dataKey = SessionDataKey.of(key);
        Arrays.fill(key, (byte) 0);
        SessionCipher agentCipher = dataKey.forAgent();
        dataKey.destroy();
        return Optional.of(agentCipher);
    }

    private void complete() {
        cancelTimeout();
        step = Step.COMPLETE;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
        // Switch encryption on before anything else goes out: the plugin's first Output follows at once.
        output.trySend(AgentHandshake.complete(elapsed, clientVersion, separateOutputStreams, cipher != null));
        listener.onHandshakeComplete(clientVersion, Optional.ofNullable(cipher));
    }

    private void fail(String error) {
        cancelTimeout();
        step = Step.FAILED;
        listener.onHandshakeFailed(error);
    }

    private void armTimeout(String error) {
        cancelTimeout();
        Step armedFor = step;
        timeout = loop.schedule(() -> nextStep.execute(() -> {
            if (step == armedFor) {
                fail(error);
            }
        }), spec.settings().handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
