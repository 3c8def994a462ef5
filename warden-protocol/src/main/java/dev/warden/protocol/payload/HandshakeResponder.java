package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.protocol.crypto.DataKeySource;
import dev.warden.protocol.crypto.DataKeyUnavailableException;
import dev.warden.protocol.crypto.GeneratedDataKey;
import dev.warden.protocol.crypto.SessionDataKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's side of the handshake: answers a HandshakeRequest action by action, in order, as the
 * official client does (client-protocol.md §5.2; produces the exact bytes of the shared handshake vectors):
 *
 * <ul>
 *   <li>SessionType: the three shell types select the {@code Standard_Stream} handler, {@code Port} the port
 *       handler; any other type fails with {@code "Unknown session type <type>"}.</li>
 *   <li>KMSEncryption: asks the {@link DataKeySource} for a data key under the requested KMS key and answers
 *       with its CiphertextBlob; a {@link DataKeyUnavailableException} fails the action with its message.</li>
 *   <li>Any other action type is answered as unsupported, with status 3 — see
 *       {@link ProcessedClientAction#unsupported} for how that differs from the official client.</li>
 * </ul>
 *
 * <p>Every failure detail is also listed in {@code Errors}. When an action type appears twice, the later one
 * wins, as in the official client; a data key it replaces is destroyed.
 */
public final class HandshakeResponder {

    private final String clientVersion;
    private final DataKeySource dataKeys;

    /**
     * @param clientVersion the version to report; the agent gates smux and keepalive behaviour on it, so it
     *                      must be one whose behaviour this client implements
     * @param dataKeys      where KMS data keys come from
     */
    public HandshakeResponder(String clientVersion, DataKeySource dataKeys) {
        this.clientVersion = Objects.requireNonNull(clientVersion, "clientVersion");
        this.dataKeys = Objects.requireNonNull(dataKeys, "dataKeys");
    }

    public ClientHandshakeResult respond(HandshakeRequest request) {
        List<ProcessedClientAction> processed = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String sessionHandler = null;
        JsonNode sessionProperties = null;
        SessionDataKey dataKey = null;

        for (RequestedClientAction action : request.requestedClientActions()) {
            if (action instanceof SessionTypeAction sessionType) {
                Optional<String> handler = SessionTypes.clientHandlerFor(sessionType.sessionType());
                if (handler.isPresent()) {
                    sessionHandler = handler.get();
                    sessionProperties = sessionType.properties();
                    processed.add(ProcessedClientAction.succeeded(ActionTypes.SESSION_TYPE, ActionResult.NONE));
                } else {
                    String detail = "Unknown session type " + sessionType.sessionType();
                    processed.add(ProcessedClientAction.failed(ActionTypes.SESSION_TYPE, detail));
                    errors.add(detail);
                }
            } else if (action instanceof KmsEncryptionAction kms) {
                try {
                    GeneratedDataKey generated = dataKeys.generate(kms.kmsKeyId(), kms.randomChallenge());
                    if (dataKey != null) {
                        dataKey.destroy();
                    }
                    dataKey = generated.plaintextKey();
                    processed.add(ProcessedClientAction.succeeded(ActionTypes.KMS_ENCRYPTION,
                            new KmsEncryptionResult(generated.ciphertextBlob(), generated.challengeAcknowledged())));
                } catch (DataKeyUnavailableException e) {
                    processed.add(ProcessedClientAction.failed(ActionTypes.KMS_ENCRYPTION, e.getMessage()));
                    errors.add(e.getMessage());
                }
            } else {
                ProcessedClientAction unsupported = ProcessedClientAction.unsupported(action.actionType());
                processed.add(unsupported);
                errors.add(unsupported.error());
            }
        }
        HandshakeResponse response = new HandshakeResponse(clientVersion, processed, errors);
        return new ClientHandshakeResult(response, request.agentVersion(), sessionHandler, sessionProperties, dataKey);
    }
}
