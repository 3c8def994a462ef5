package dev.warden.client.session;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.crypto.DataKeySource;
import dev.warden.protocol.crypto.SessionCipher;
import dev.warden.protocol.crypto.SessionDataKey;
import dev.warden.protocol.payload.ClientHandshakeResult;
import dev.warden.protocol.payload.EncChallengeRequest;
import dev.warden.protocol.payload.EncChallengeResponse;
import dev.warden.protocol.payload.HandshakeComplete;
import dev.warden.protocol.payload.HandshakeRequest;
import dev.warden.protocol.payload.HandshakeResponder;
import dev.warden.protocol.payload.StreamPayload;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The client's handshake (client-protocol.md §5): answers the HandshakeRequest action by action (KMS
 * GenerateDataKey, which blocks, runs off the event loop), switches encryption on before the response goes out,
 * answers the encryption challenge, and reports the session type and the customer message at HandshakeComplete.
 * Confined to the session's event loop.
 */
final class HandshakeProcessor {

    private static final Logger log = LoggerFactory.getLogger(HandshakeProcessor.class);

    /** What the processor needs from its session. */
    interface Host {
        void sendControl(StreamPayload payload);

        void encryptionReady(SessionCipher cipher);

        /** The handshake completed; {@code result} names the session handler to run. */
        void handshakeComplete(ClientHandshakeResult result, String customerMessage);

        void handshakeFailed(String message);

        boolean isEnded();
    }

    private final Host host;
    private final HandshakeResponder responder;
    private final EventLoop loop;
    private final Executor blocking;
    private final String sessionId;

    private boolean started;
    private boolean responded;
    private boolean complete;
    private ClientHandshakeResult result;
    private SessionCipher cipher;

    HandshakeProcessor(Host host, String clientVersion, DataKeySource dataKeys, EventLoop loop, Executor blocking,
                       String sessionId) {
        this.host = Objects.requireNonNull(host, "host");
        this.responder = new HandshakeResponder(clientVersion, dataKeys);
        this.loop = loop;
        this.blocking = blocking;
        this.sessionId = sessionId;
    }

    /** Whether a HandshakeRequest arrived: without one, the first Output selects a shell. */
    boolean started() {
        return started;
    }

    boolean complete() {
        return complete;
    }

    void onRequest(byte[] payload) {
        if (started) {
            log.debug("Session {}: ignoring a second HandshakeRequest", sessionId);
            return;
        }
        started = true;
        Decoding<HandshakeRequest> decoded = HandshakeRequest.decode(payload);
        if (!decoded.isOk()) {
            host.handshakeFailed("The agent's HandshakeRequest is malformed: " + decoded.error());
            return;
        }
        HandshakeRequest request = decoded.value();
        if (request.kmsEncryptionAction().isPresent()) {
            // GenerateDataKey is a blocking SDK call: answer from a blocking thread, continue on the event loop.
            blocking.execute(() -> {
                ClientHandshakeResult answered = responder.respond(request);
                loop.execute(() -> responded(answered));
            });
        } else {
            responded(responder.respond(request));
        }
    }

    private void responded(ClientHandshakeResult answered) {
        if (host.isEnded()) {
            answered.dataKey().ifPresent(SessionDataKey::destroy);
            return;
        }
        result = answered;
        answered.dataKey().ifPresent(key -> {
            // On before the response goes out: the agent's next message is already encrypted (the challenge).
            cipher = key.forClient();
            key.destroy();
            host.encryptionReady(cipher);
        });
        responded = true;
        host.sendControl(answered.response());
        if (!answered.allActionsSucceeded()) {
            log.warn("Session {}: the handshake could not honour every requested action: {}", sessionId,
                    answered.response().errors());
        }
    }

    void onChallenge(byte[] payload) {
        Decoding<EncChallengeRequest> decoded = EncChallengeRequest.decode(payload);
        if (!decoded.isOk()) {
            host.handshakeFailed("The agent's encryption challenge is malformed: " + decoded.error());
            return;
        }
        if (cipher == null) {
            host.handshakeFailed("The agent sent an encryption challenge, but no session key was agreed");
            return;
        }
        Decoding<EncChallengeResponse> answer = EncChallengeResponse.answering(decoded.value(), cipher);
        if (!answer.isOk()) {
            host.handshakeFailed("The agent's encryption challenge does not decrypt with the session key: "
                    + answer.error());
            return;
        }
        host.sendControl(answer.value());
    }

    void onComplete(byte[] payload) {
        if (complete) {
            return;
        }
        complete = true;
        Decoding<HandshakeComplete> decoded = HandshakeComplete.decode(payload);
        String customerMessage = decoded.isOk() ? decoded.value().customerMessage() : "";
        if (!decoded.isOk()) {
            log.warn("Session {}: malformed HandshakeComplete ({}); continuing", sessionId, decoded.error());
        }
        if (!responded || result == null || result.sessionHandler().isEmpty()) {
            host.handshakeFailed("Cannot perform start session: unable to determine SessionType");
            return;
        }
        host.handshakeComplete(result, customerMessage);
    }
}
